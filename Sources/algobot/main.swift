import AlgobotCLI
import ArgumentParser
import Foundation

// Usage problems (unknown flags, missing arguments, invalid values) exit with 2, like the
// lint contract says; everything else keeps ArgumentParser's codes (0, 1, ...). Messages
// pass through the same secret masking as everything else the commands print.
do {
    var command = try AlgobotCommand.parseAsRoot(AlgobotCommand.arguments(CommandLine.arguments.dropFirst()))
    try command.run()
} catch {
    AlgobotCommand.exitReporting(error)
}
