import ArgumentParser
import Audit
import Foundation
import Report
import RuleLanguage
import Runtime
import Vocabulary

struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "Orders waiting for a person: list, approve (re-checked by the policy), reject.",
        discussion: """
        Approving re-runs the policy against the broker's state at that moment: if a limit would be \
        breached now, the order is not approved (recheck_blocked). If the broker cannot be read, \
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

    /// No queue file yet: nothing has needed approval in this state folder.
    var hasQueue: Bool { FileManager.default.fileExists(atPath: folder.approvals) }

    func queue() throws -> ApprovalQueue {
        guard hasQueue else {
            throw CLIFailure("no approval queue in \(folder.path) (nothing has needed approval yet, or --state is wrong)")
        }
        return try ApprovalQueue(path: folder.approvals, auditLog: try AuditLog(path: folder.audit))
    }
}

struct ApprovalsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Orders waiting (and approved, not yet sent).")

    @Flag(help: "Also list approved, rejected, expired and sent orders.")
    var all = false

    @Option(help: "Output format: text, or json (an array with one object per order).")
    var format: DiagnosticRenderer.Format = .text

    @OptionGroup var paths: StateOptions

    func run() throws {
        try Console.run {
            let context = try ApprovalContext(paths)
            // Before anything has needed approval there is no queue: an empty list, not an error.
            let items = context.hasQueue ? try context.queue().list(now: context.now, includeClosed: all) : []
            if format == .json {
                Console.out(JSONValue.array(items.map(Self.jsonValue)).serialized() + "\n")
                return
            }
            guard !items.isEmpty else {
                Console.out("no orders are waiting for approval\n")
                return
            }
            for item in items {
                let order = item.decision.order
                let size = order.qty.map { "\(Reconciler.shares($0)) shares" } ?? order.notional.map { Money.text($0) } ?? "?"
                let state = item.isExpired && !item.state.isFinal ? ApprovalState.expired.rawValue : item.state.rawValue
                Console.out("\(item.id)  \(state)  \(order.side) \(size) \(item.symbol) at \(Money.grouped(order.price, places: 2))"
                    + "  decided \(item.decidedAt)  expires \(item.expiresAt)\n    \(item.decision.effectiveReason)\n")
                if item.state == .recheckBlocked { Console.out("    " + Self.notSent(item) + "\n") }
            }
            Console.out("approve: algobot approvals approve <id> [--note …]   reject: algobot approvals reject <id> --reason …\n")
        }
    }

    /// One order for `--format json`: the fields the text shows, with their JSON names.
    static func jsonValue(_ item: ApprovalItem) -> JSONValue {
        let order = item.decision.order
        return .object([
            ("id", .string(item.id)),
            ("state", .string(item.isExpired && !item.state.isFinal ? "expired" : item.state.rawValue)),
            ("symbol", .string(item.symbol)),
            ("side", .string(order.side.rawValue)),
            ("qty", order.qty.map { .rounded($0, 6) } ?? .null),
            ("notional", order.notional.map { .money($0) } ?? .null),
            ("price", .rounded(order.price, 4)),
            ("decided_at", .string(item.decidedAt)),
            ("expires_at", .string(item.expiresAt)),
            ("reason", .string(item.decision.reason)),
            ("not_sent", item.state == .recheckBlocked ? .string(notSent(item)) : .null),
            ("approve", .string("algobot approvals approve \(item.id)")),
            ("reject", .string("algobot approvals reject \(item.id) --reason …")),
        ])
    }

    /// Why a `recheck_blocked` order was not sent: the checks that failed, else the note.
    static func notSent(_ item: ApprovalItem) -> String {
        let when = item.by == ApprovalQueue.runtimeActor ? "just before sending" : "at approval"
        let failed = (item.recheck ?? []).filter { $0.result != .pass }.map { "\($0.id): \($0.message)" }
        let why = failed.isEmpty ? item.note.map { " (\($0))" } ?? "" : " (" + failed.joined(separator: "; ") + ")"
        return "not sent: the policy re-check \(when) said \(item.recheckOutcome ?? .block)\(why)"
    }
}

struct ApprovalsRejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Refuse an order; it is never sent.")

    @Argument(help: "The order id (o-…) from `algobot approvals list`.")
    var id: String

    @Option(help: ArgumentHelp("Why (required; recorded in the audit log).", valueName: "text"))
    var reason: String

    @Option(help: ArgumentHelp("Who rejects (default: your user name).", valueName: "name"))
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
