import ArgumentParser
import Foundation
import Runtime

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Show the last reconciliation, or accept the broker's holdings after a mismatch.",
        discussion: """
        A mismatch (the broker holds other positions, cash or open orders than the audit log says) \
        blocks new orders. Find out why first (docs/RUN.md). If the broker is right — say someone \
        traded by hand — `algobot reconcile --accept --reason "…"` makes the running bot take the \
        broker's positions and cash as the new starting point at its next check.
        """)

    @Flag(help: "Take the broker's positions and cash as correct at the next reconciliation.")
    var accept = false

    @Option(help: ArgumentHelp("Why (required with --accept; recorded in the audit log).", valueName: "text"))
    var reason: String?

    @Option(help: ArgumentHelp("Who accepts (default: your user name).", valueName: "name"))
    var by: String?

    @OptionGroup var paths: StateOptions

    func validate() throws {
        if accept && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--accept needs --reason \"…\" so the audit log says why")
        }
    }

    func run() throws {
        try Console.run {
            let folder = try paths.folder()
            if accept {
                do {
                    try KillSwitch(state: folder).acceptBrokerState(by: Console.masked(by ?? Operator.name),
                                                                    reason: Console.masked(reason ?? ""))
                } catch {
                    throw CLIFailure("algobot reconcile: \(error)")
                }
                Console.out("the running bot will take the broker's holdings as correct at its next reconciliation.\n")
                return
            }
            guard let status = try? RunStatus.read(path: folder.status) else {
                throw CLIFailure("algobot reconcile: no status file in \(folder.path); has `algobot run` been started with this --state?")
            }
            switch status.reconciliationOK {
            case true?: Console.out("reconciliation: ok (the broker's holdings match the audit log)\n")
            case false?: Console.out("reconciliation: MISMATCH\n" + status.reconciliationMismatches.map { "  - \($0)\n" }.joined())
            case nil: Console.out("reconciliation: not done yet\n")
            }
        }
    }
}
