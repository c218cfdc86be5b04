import Audit
import Foundation
import Vocabulary

/// What the audit log says happened, rebuilt by reading it: the decisions made, the orders
/// sent and where each stands, and the positions and cash the broker should hold. The runner
/// keeps it current as it appends, so after a restart (even a SIGKILL) it knows which orders
/// are still in flight and which decisions were already made.
///
/// Expected holdings are the broker snapshot of the last matching reconciliation plus every
/// fill recorded after it.
public struct AuditLedger: Sendable {
    public struct Order: Sendable, Equatable {
        public var orderId: String
        public var clientOrderId: String
        public var decisionId: String
        public var symbol: String
        public var side: Side
        /// Shares sent (nil for a dollar amount).
        public var qty: Double?
        public var notional: Double?
        /// The decision bar's close (what the policy valued the order at).
        public var decisionPrice: Double
        /// sim | alpaca | dry-run
        public var broker: String
        public var brokerOrderId: String?
        /// `submitted` until the broker's first answer, then the broker's status words.
        public var status: String
        public var filledQty: Double
        /// Σ qty × price over the fills.
        public var filledValue: Double
        /// The strategy rule whose decision made it (nil when its decision is not in the log).
        public var ruleId: String? = nil
        /// The decision bar's time (seconds since 1970, UTC), when its decision is in the log.
        public var decisionTime: Int64? = nil
        /// The exit it carries out (a leg of the position, a `max_bars` sale); nil for a rule's order.
        public var exitReason: ExitReason? = nil
        /// Not a market order: it rests at the broker until its price is reached.
        public var rests = false

        public var isOpen: Bool { !AuditLedger.isTerminal(status) }
        /// A stop loss, take profit or trailing stop: an order that rests on the position until its
        /// level is reached, and not a sale in flight (the position stays what the broker holds).
        public var isExitLeg: Bool { rests && exitReason.map { $0 != .maxBars } ?? false }
    }

    /// Decision id → what became of it (`effectiveOutcome`), for every decision in the log.
    public private(set) var decisions: [String: Outcome] = [:]
    /// Decision id → the decision bar's close.
    private var decisionPrices: [String: Double] = [:]
    /// Decision id → the rule that fired.
    private var decisionRules: [String: String] = [:]
    /// Decision id → the decision bar's time, from the decision's recorded input.
    private var decisionTimes: [String: Int64] = [:]
    /// Decision id → the exit an engine-made order carries out.
    private var decisionExits: [String: ExitReason] = [:]
    /// Decision ids of orders that are not market orders.
    private var decisionsResting: Set<String> = []
    /// By client order id.
    public private(set) var orders: [String: Order] = [:]
    /// Client order ids in the order they were submitted.
    public private(set) var submissionOrder: [String] = []
    /// Shares per symbol the broker should hold.
    public private(set) var expectedPositions: [String: Double] = [:]
    /// Per symbol, the opening fills (shares, Σ shares × price) of the position held since it
    /// was last flat: `entryPrice` (the backtest's `Portfolio.entryPrice`).
    private var entryFills: [String: (qty: Double, value: Double)] = [:]
    /// Cash the broker should hold; nil until a reconciliation recorded the broker's cash.
    public private(set) var expectedCash: Double?
    /// Whether a reconciliation snapshot exists to compare against.
    public private(set) var hasBaseline = false
    /// The `ok` of the last reconciliation record (nil when there was none).
    public private(set) var lastReconciliationOK: Bool?
    /// Open orders at the broker that are not ours but were there at the last matching
    /// reconciliation (adopted on the first run or accepted by an operator).
    public private(set) var foreignOpenOrders: Set<String> = []
    /// Decision ids a person approved (`approval` records with action `approved`).
    public private(set) var approvedDecisions: Set<String> = []
    /// The policy file (path and SHA-256) of the last run that started on this log: the one
    /// the bot judges with, and re-checks approved orders with before sending them.
    public private(set) var runningPolicy: FileRef?
    /// The first halves of reversals (`:reverse`) allowed since the last `run_start`, in
    /// order: a run that stopped without deciding their opening halves (killed) left them.
    public private(set) var reversalsOfLastRun: [DecisionRecord] = []

    public init() {}

    /// First halves of the last run's reversals whose opening half has no decision.
    public var strandedReversals: [DecisionRecord] {
        reversalsOfLastRun.filter { decisions[String($0.id.dropLast(":reverse".count))] == nil }
    }

    /// The average fill price of the opening fills of the position in `symbol` (NaN while flat,
    /// or when the log has no opening fill of it).
    public func entryPrice(_ symbol: String) -> Double {
        guard let entry = entryFills[symbol], entry.qty > 0, expectedPositions[symbol] != nil else { return .nan }
        return entry.value / entry.qty
    }

    /// Reads a whole log; a missing file is an empty ledger.
    public static func load(path: String) throws -> AuditLedger {
        var ledger = AuditLedger()
        guard FileManager.default.fileExists(atPath: path) else { return ledger }
        try AuditReader(path: path).forEach { record, _ in ledger.apply(record) }
        return ledger
    }

    /// Orders not yet in a final state, in submission order.
    public var openOrders: [Order] {
        submissionOrder.compactMap { orders[$0] }.filter(\.isOpen)
    }

    public mutating func apply(_ record: AuditRecord) {
        switch record.body {
        case .decision(let decision):
            decisions[decision.id] = decision.effectiveOutcome
            if decision.input?.intent.reversing == true, decision.effectiveOutcome == .allow { reversalsOfLastRun.append(decision) }
            decisionPrices[decision.id] = decision.order.price
            decisionRules[decision.id] = decision.rule.id
            decisionTimes[decision.id] = decision.input?.intent.time
            decisionExits[decision.id] = decision.input?.intent.exitReason
            if decision.input?.intent.orderType != nil { decisionsResting.insert(decision.id) }
        case .orderSubmitted(let submitted):
            if orders[submitted.clientOrderId] == nil { submissionOrder.append(submitted.clientOrderId) }
            orders[submitted.clientOrderId] = Order(
                orderId: submitted.orderId, clientOrderId: submitted.clientOrderId, decisionId: submitted.decisionId,
                symbol: submitted.symbol, side: submitted.side, qty: submitted.qty, notional: submitted.notional,
                decisionPrice: decisionPrices[submitted.decisionId] ?? .nan, broker: submitted.broker, brokerOrderId: nil,
                status: "submitted", filledQty: 0, filledValue: 0, ruleId: decisionRules[submitted.decisionId],
                decisionTime: decisionTimes[submitted.decisionId], exitReason: decisionExits[submitted.decisionId],
                rests: decisionsResting.contains(submitted.decisionId))
        case .orderUpdate(let update):
            guard var order = orders[update.clientOrderId] else { return }
            order.status = update.status
            if let id = update.brokerOrderId { order.brokerOrderId = id }
            orders[update.clientOrderId] = order
        case .fill(let fill):
            if var order = orders[fill.clientOrderId] {
                order.filledQty += fill.qty
                order.filledValue += fill.qty * fill.price
                if let id = fill.brokerOrderId { order.brokerOrderId = id }
                orders[fill.clientOrderId] = order
            }
            let signed = fill.side.sign * fill.qty
            let held = (expectedPositions[fill.symbol] ?? 0) + signed
            expectedPositions[fill.symbol] = abs(held) < 1e-9 ? nil : held
            if fill.side.opens {
                let entry = entryFills[fill.symbol] ?? (0, 0)
                entryFills[fill.symbol] = (entry.qty + fill.qty, entry.value + fill.qty * fill.price)
            }
            if abs(held) < 1e-9 { entryFills[fill.symbol] = nil }
            expectedCash = expectedCash.map { $0 - signed * fill.price - fill.commission }
        case .reconciliation(let reconciliation):
            lastReconciliationOK = reconciliation.ok
            if reconciliation.ok, let positions = reconciliation.positions {
                expectedPositions = positions.filter { abs($0.value) >= 1e-9 }
                expectedCash = reconciliation.cash
                foreignOpenOrders = Set((reconciliation.openOrders ?? []).filter { orders[$0] == nil })
                hasBaseline = true
            }
        case .approval(let approval):
            if approval.action == .approved { approvedDecisions.insert(approval.decisionId) }
        case .runStart(let start):
            runningPolicy = start.policy
            reversalsOfLastRun = []
        case .control, .brokerHealth, .note, .runEnd, .advisorNote:
            break
        }
    }

    /// Final states: the broker's (`filled`, `canceled`, `expired`, `replaced`, `rejected`)
    /// and ours: `not_sent` (never sent), `submit_failed` (the broker never got it), `dry_run`,
    /// `unfilled` (backtest ended first).
    public static func isTerminal(_ status: String) -> Bool {
        terminal.contains(status)
    }

    static let terminal: Set<String> = ["filled", "canceled", "expired", "replaced", "rejected", "not_sent",
                                        "submit_failed", "dry_run", "unfilled"]
}
