@testable import Audit
import Vocabulary

/// Realistic records, written by hand the way the engine will write them: an SMA crossover
/// backtest on SPY and QQQ under `rules/limits.yaml`, then a paper run with an approval.
enum Sample {
    static let strategy = FileRef(name: "sma-crossover", file: "strategies/sma.yaml",
                                  sha256: "3f1c5a9e0b7d4c2a8e6f1b3d5c7a9e0f2b4d6c8a0e1f3b5d7c9a1e3f5b7d9c1a")
    static let policy = FileRef(name: "default-limits", file: "rules/limits.yaml",
                                sha256: "9a7c5e3b1d0f2e4c6a8b0d2f4e6c8a0b1d3f5e7c9a1b3d5f7e9c1a3b5d7f9e1c")

    struct Entry {
        var at: String
        var wall: String?
        var body: AuditBody
    }

    static func runStart(_ runId: String, mode: Mode) -> AuditBody {
        .runStart(RunStart(runId: runId, mode: mode, strategy: strategy, policy: policy,
                           config: ["cash": "100000", "commission": "0", "fill": "next_open"],
                           versions: ["algobot": "0.1.0", "swift": "6.3.1"],
                           dataFiles: [FileRef(name: "SPY", file: "data/SPY.csv", sha256: String(repeating: "ab", count: 32))]))
    }

    static func smaCross(fast: Double, fastPrev: Double, slow: Double, slowPrev: Double) -> FiredRule {
        FiredRule(id: "enter-long", location: "strategies/sma.yaml:10:11",
                  expression: "crosses_above(sma(close, fast), sma(close, slow))",
                  values: [ObservedValue(expression: "sma(close, 10)", value: fast, previous: fastPrev),
                           ObservedValue(expression: "sma(close, 30)", value: slow, previous: slowPrev)])
    }

    static func limitChecks(positionAfter: Double, gross: Double, orderValue: Double, price: Double) -> [PolicyCheck] {
        let positionOK = positionAfter <= 25_000
        let grossOK = gross <= 100_000
        let approvalOK = orderValue <= 10_000
        return [
            PolicyCheck(id: "max_position_per_symbol", kind: .limit, result: positionOK ? .pass : .fail, outcome: .block,
                        message: "position after order \(Money.text(positionAfter)) \(positionOK ? "≤" : ">") limit $25,000.00",
                        values: [NamedValue(name: "position_after", value: positionAfter)], limit: 25_000,
                        location: "rules/limits.yaml:4:3"),
            PolicyCheck(id: "max_gross_notional", kind: .limit, result: grossOK ? .pass : .fail, outcome: .block,
                        message: "gross exposure after order \(Money.text(gross)) \(grossOK ? "≤" : ">") limit $100,000.00",
                        values: [NamedValue(name: "gross_after", value: gross)], limit: 100_000, location: "rules/limits.yaml:5:3"),
            PolicyCheck(id: "daily_max_drawdown", kind: .limit, result: .pass, outcome: .block,
                        message: "today's drawdown 0.42% ≤ limit 3.00%",
                        values: [NamedValue(name: "drawdown_percent", value: 0.42)], limit: 3, location: "rules/limits.yaml:6:3"),
            PolicyCheck(id: "approval_threshold", kind: .limit, result: approvalOK ? .pass : .fail, outcome: .needsApproval,
                        message: "order value \(Money.text(orderValue)) \(approvalOK ? "≤" : ">") approval threshold $10,000.00",
                        values: [NamedValue(name: "order_value", value: orderValue)], limit: 10_000,
                        location: "rules/limits.yaml:7:3"),
            PolicyCheck(id: "no-penny-stocks", kind: .rule, result: price < 5 ? .fail : .pass, outcome: .block,
                        message: "price \(Money.text(price)) is not below $5.00",
                        values: [NamedValue(name: "price", value: price)], limit: nil, location: "rules/limits.yaml:9:5"),
        ]
    }

    /// Allowed, sent and filled.
    static let allowedDecision = DecisionRecord(
        id: "bt-0301-SPY-2024-03-08-enter-long", mode: .backtest, strategy: strategy, policy: policy, symbol: "SPY",
        rule: smaCross(fast: 401.23, fastPrev: 398.1, slow: 399.80, slowPrev: 399.2),
        order: DecidedOrder(orderId: "o-000001", clientOrderId: "sma-crossover-SPY-20240308-enter-long", side: .buy,
                            action: .buy, qty: 24, notional: nil, price: 401.23),
        checks: limitChecks(positionAfter: 9_629.52, gross: 9_629.52, orderValue: 9_629.52, price: 401.23),
        outcome: .allow, reason: "All 5 policy checks passed.",
        advisorNote: "The 10-day average moved above the 30-day average after three weeks of gains; volume was normal.")

    /// Blocked by the position limit (and over the approval threshold too).
    static let blockedDecision = DecisionRecord(
        id: "bt-0301-QQQ-2024-03-20-enter-long", mode: .backtest, strategy: strategy, policy: policy, symbol: "QQQ",
        rule: smaCross(fast: 441.87, fastPrev: 439.5, slow: 440.12, slowPrev: 440.3),
        order: DecidedOrder(orderId: "o-000002", clientOrderId: "sma-crossover-QQQ-20240320-enter-long", side: .buy,
                            action: .buy, qty: 205, notional: nil, price: 441.87),
        checks: limitChecks(positionAfter: 90_583.35, gross: 100_212.87, orderValue: 90_583.35, price: 441.87),
        outcome: .block,
        reason: "max_position_per_symbol blocks the order: position after order $90,583.35 > limit $25,000.00.")

    /// Over the approval threshold; approved by alice in a paper run.
    static let approvalDecision = DecisionRecord(
        id: "paper-0402-SPY-2024-04-02T14:05:00Z-enter-long", mode: .paper, strategy: strategy, policy: policy, symbol: "SPY",
        rule: smaCross(fast: 405.02, fastPrev: 403.9, slow: 404.41, slowPrev: 404.0),
        order: DecidedOrder(orderId: "o-000003", clientOrderId: "sma-crossover-SPY-20240402-enter-long", side: .buy,
                            action: .buy, qty: 30, notional: nil, price: 405.02),
        checks: limitChecks(positionAfter: 12_150.60, gross: 12_150.60, orderValue: 12_150.60, price: 405.02),
        outcome: .needsApproval,
        reason: "approval_threshold asks for approval: order value $12,150.60 > approval threshold $10,000.00.")

    static let allowRecheck = RecheckResult(outcome: .allow, checks: limitChecks(
        positionAfter: 12_150.60, gross: 12_150.60, orderValue: 0, price: 405.02))

    /// The backtest run: run start, an allowed order with its life, a blocked decision, run end.
    static let backtest: [Entry] = [
        Entry(at: "2024-03-01", body: runStart("bt-0301", mode: .backtest)),
        Entry(at: "2024-03-08", body: .decision(allowedDecision)),
        Entry(at: "2024-03-08", body: .orderSubmitted(OrderSubmitted(
            orderId: "o-000001", clientOrderId: "sma-crossover-SPY-20240308-enter-long",
            decisionId: allowedDecision.id, symbol: "SPY", side: .buy, qty: 24, notional: nil, broker: "backtest"))),
        Entry(at: "2024-03-11", body: .orderUpdate(OrderUpdate(orderId: "o-000001",
            clientOrderId: "sma-crossover-SPY-20240308-enter-long", brokerOrderId: "bt-000001", status: "accepted"))),
        Entry(at: "2024-03-11", body: .fill(FillRecord(orderId: "o-000001", clientOrderId: "sma-crossover-SPY-20240308-enter-long",
            brokerOrderId: "bt-000001", symbol: "SPY", side: .buy, qty: 24, price: 402.10, commission: 0))),
        Entry(at: "2024-03-11", body: .orderUpdate(OrderUpdate(orderId: "o-000001",
            clientOrderId: "sma-crossover-SPY-20240308-enter-long", brokerOrderId: "bt-000001", status: "filled"))),
        Entry(at: "2024-03-20", body: .decision(blockedDecision)),
        Entry(at: "2024-03-28", body: .runEnd(RunEnd(runId: "bt-0301", status: "completed",
            summary: ["final_equity": 100_433.28, "orders": 1], message: "backtest finished: 1 order, 1 fill"))),
    ]

    /// The paper run: an order that needed approval, approved, sent and filled.
    static let paper: [Entry] = [
        Entry(at: "2024-04-02T13:30:00Z", wall: "2024-04-02T13:30:00Z", body: runStart("paper-0402", mode: .paper)),
        Entry(at: "2024-04-02T14:05:00Z", wall: "2024-04-02T14:05:01Z", body: .decision(approvalDecision)),
        Entry(at: "2024-04-02T14:05:00Z", wall: "2024-04-02T14:05:01Z", body: .approval(ApprovalRecord(
            orderId: "o-000003", decisionId: approvalDecision.id, action: .queued,
            note: "approve before 2024-04-02T20:00:00Z"))),
        Entry(at: "2024-04-02T14:31:07Z", wall: "2024-04-02T14:31:07Z", body: .approval(ApprovalRecord(
            orderId: "o-000003", decisionId: approvalDecision.id, action: .approved, by: "alice",
            note: "within the April plan", recheckOutcome: .allow, recheck: allowRecheck.checks))),
        Entry(at: "2024-04-02T14:31:08Z", wall: "2024-04-02T14:31:08Z", body: .orderSubmitted(OrderSubmitted(
            orderId: "o-000003", clientOrderId: "sma-crossover-SPY-20240402-enter-long", decisionId: approvalDecision.id,
            symbol: "SPY", side: .buy, qty: 30, notional: nil, broker: "alpaca"))),
        Entry(at: "2024-04-02T14:31:08Z", wall: "2024-04-02T14:31:08Z", body: .orderUpdate(OrderUpdate(
            orderId: "o-000003", clientOrderId: "sma-crossover-SPY-20240402-enter-long",
            brokerOrderId: "61e69015-8549-4bfd-b9c3-01e75de3d4ab", status: "accepted"))),
        Entry(at: "2024-04-02T14:31:09Z", wall: "2024-04-02T14:31:09Z", body: .fill(FillRecord(
            orderId: "o-000003", clientOrderId: "sma-crossover-SPY-20240402-enter-long",
            brokerOrderId: "61e69015-8549-4bfd-b9c3-01e75de3d4ab", symbol: "SPY", side: .buy, qty: 30, price: 405.12,
            commission: 0))),
        Entry(at: "2024-04-02T14:31:09Z", wall: "2024-04-02T14:31:09Z", body: .orderUpdate(OrderUpdate(
            orderId: "o-000003", clientOrderId: "sma-crossover-SPY-20240402-enter-long",
            brokerOrderId: "61e69015-8549-4bfd-b9c3-01e75de3d4ab", status: "filled"))),
    ]

    /// Writes entries to a log and returns what was written.
    @discardableResult
    static func write(_ entries: [Entry], to log: AuditLog) throws -> [AuditRecord] {
        try entries.map { try log.append($0.body, at: $0.at, wall: $0.wall) }
    }

    /// A new log at `path` holding the backtest and the paper run (16 records).
    @discardableResult
    static func makeLog(at path: String, indexing: AuditLog.Indexing = .beside) throws -> [AuditRecord] {
        let log = try AuditLog(path: path, durability: .fsyncOnClose, indexing: indexing, redactor: .none)
        defer { try? log.close() }
        return try write(backtest + paper, to: log)
    }
}
