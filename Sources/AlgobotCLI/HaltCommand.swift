import ArgumentParser
import Foundation
import Runtime

/// Who runs an operator command, for the audit log.
enum Operator {
    static var name: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? "operator"
    }
}

struct HaltCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halt",
        abstract: "Kill switch: stop all new orders now (the bot keeps running, deciding and recording).",
        discussion: """
        Writes state/HALT, then a `control` record in the audit log. `algobot resume` lifts it. A halt is a \
        safety action: when the audit log cannot be written (it is damaged, see RUNBOOK.md), the halt still \
        takes effect and the command exits 1 saying that its record was not written.
        """)

    @Option(help: ArgumentHelp("Why (recorded in the audit log).", valueName: "text"))
    var reason: String?

    @Option(help: ArgumentHelp("Who halts (default: your user name).", valueName: "name"))
    var by: String?

    @OptionGroup var paths: StateOptions

    func run() throws {
        try Console.run {
            do {
                // Masked here too: the HALT file is not the audit log, and `status` shows it.
                let halt = try KillSwitch(state: paths.folder()).halt(by: Console.masked(by ?? Operator.name),
                                                                      reason: reason.map(Console.masked))
                Console.out("trading halted by \(halt.by) at \(halt.at): no new order will be sent. `algobot resume` lifts the halt.\n")
            } catch {
                throw CLIFailure("algobot halt: \(error)")
            }
        }
    }
}
