import ArgumentParser
import Foundation
import Runtime

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Lift a halt: the bot may send orders again from its next decision.",
        discussion: """
        Writes a `control` record in the audit log, then removes state/HALT. When the record cannot be written \
        (the audit log is damaged, see RUNBOOK.md), trading stays halted and the command exits 1.
        """)

    @Option(help: ArgumentHelp("Why (recorded in the audit log).", valueName: "text"))
    var reason: String?

    @Option(help: ArgumentHelp("Who resumes (default: your user name).", valueName: "name"))
    var by: String?

    @OptionGroup var paths: StateOptions

    func run() throws {
        try Console.run {
            do {
                let resumed = try KillSwitch(state: paths.folder()).resume(by: Console.masked(by ?? Operator.name),
                                                                           reason: reason.map(Console.masked))
                if resumed {
                    Console.out("trading resumed: new orders may be sent again.\n")
                } else {
                    Console.out("trading was not halted; nothing changed.\n")
                }
            } catch {
                throw CLIFailure("algobot resume: \(error)")
            }
        }
    }
}
