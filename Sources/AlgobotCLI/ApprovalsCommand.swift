import ArgumentParser
import Audit
import Foundation
import Runtime
import Vocabulary

struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "Orders waiting for a person: list, approve (re-checked by the policy), reject.",
        discussion: """
        Approving re-runs the policy against the broker's state at that moment: if a limit would be
        breached now, the order is not approved (recheck_blocked). If the broker cannot be read,
        nothing is approved. Orders expire at 16:00 New York on the trading day they would be placed.
        """,
        subcommands: [ApprovalsListCommand.self, ApprovalsApproveCommand.self, ApprovalsRejectCommand.self])
}

/// The state folder's queue and the market time to judge deadlines by.
struct ApprovalContext {
    let folder: StateFolder
    let status: RunStatus?

    init(_ paths: StateOptions) throws {
        folder = try paths.folder()
        status = try? RunStatus.read(path: folder.status)
    }

    /// The broker's market time at the bot's last poll (simulated time on the simulator),
    /// else the wall clock.
    var now: String { status?.marketTime ?? MarketTime.utcText(Date()) }

    func queue() throws -> ApprovalQueue {
        guard FileManager.default.fileExists(atPath: folder.approvals) else {
            throw CLIFailure("no approval queue in \(folder.path) (nothing has needed approval yet, or --state is wrong)")
        }
        return try ApprovalQueue(path: folder.approvals, auditLog: try AuditLog(path: folder.audit))
    }
}

struct ApprovalsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Orders waiting (and approved, not yet sent).")

    @Flag(help: "Also list approved, rejected, expired and sent orders.")
    var all = false

    @OptionGroup var paths: StateOptions

    func run() throws {
        try Console.run {
            let context = try ApprovalContext(paths)
            let items = try context.queue().list(now: context.now, includeClosed: all)
            guard !items.isEmpty else {
                Console.out("no orders are waiting for approval\n")
                return
            }
            for item in items {
                let order = item.decision.order
                let size = order.qty.map { "\(Reconciler.shares($0)) shares" } ?? order.notional.map { Money.text($0) } ?? "?"
                let state = item.isExpired && !item.state.isFinal ? "expired" : item.state.rawValue
                Console.out("\(item.id)  \(state)  \(order.side) \(size) \(item.symbol) at \(Money.grouped(order.price, places: 2))"
                    + "  decided \(item.decidedAt)  expires \(item.expiresAt)\n    \(item.decision.reason)\n")
            }
            Console.out("approve: algobot approvals approve <id> [--note …]   reject: algobot approvals reject <id> --reason …\n")
        }
    }
}

struct ApprovalsRejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Refuse an order; it is never sent.")

    @Argument(help: "The order id (o-…) from `algobot approvals list`.")
    var id: String

    @Option(help: "Why (required; recorded in the audit log).")
    var reason: String

    @Option(help: "Who rejects (default: your user name).")
    var by: String?

    @OptionGroup var paths: StateOptions

    func run() throws {
        try Console.run {
            let context = try ApprovalContext(paths)
            do {
                let transition = try context.queue().reject(id: id, by: Console.masked(by ?? Operator.name),
                                                            reason: Console.masked(reason), now: context.now)
                Console.out(transition.summary + "\n")
            } catch let error as ApprovalError {
                throw CLIFailure("algobot approvals reject: \(error.description)")
            }
        }
    }
}
