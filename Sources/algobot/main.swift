import AlgobotCLI
import ArgumentParser
import Foundation

// Usage problems (unknown flags, missing arguments, invalid values) exit with 2, like the
// lint contract says; everything else keeps ArgumentParser's codes (0, 1, ...).
do {
    var command = try AlgobotCommand.parseAsRoot()
    try command.run()
} catch {
    if AlgobotCommand.exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((AlgobotCommand.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    AlgobotCommand.exit(withError: error)
}
