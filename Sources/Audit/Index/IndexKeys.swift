import Vocabulary

/// The lookup keys of one record: what the SQLite index stores besides where the line is.
/// Records that do not carry a symbol or client order id themselves (order updates,
/// approvals) inherit them from the earlier records of the same order when indexed.
struct IndexKeys: Equatable {
    var type: String
    var at: String
    /// The first ten characters of `at` (`2024-03-08`).
    var day: String
    var symbol: String?
    var orderId: String?
    var clientOrderId: String?
    var brokerOrderId: String?
    var decisionId: String?
    var ruleId: String?
    /// What became of the decision (`effectiveOutcome`: the policy's, or block after a gate).
    var outcome: Outcome?

    init(_ record: AuditRecord) {
        type = record.body.type
        at = record.at
        day = String(record.at.prefix(10))
        switch record.body {
        case .decision(let d):
            symbol = d.symbol
            orderId = d.order.orderId
            clientOrderId = d.order.clientOrderId
            decisionId = d.id
            ruleId = d.rule.id
            outcome = d.effectiveOutcome
        case .orderSubmitted(let s):
            symbol = s.symbol
            orderId = s.orderId
            clientOrderId = s.clientOrderId
            decisionId = s.decisionId
        case .orderUpdate(let u):
            orderId = u.orderId
            clientOrderId = u.clientOrderId
            brokerOrderId = u.brokerOrderId
        case .fill(let f):
            symbol = f.symbol
            orderId = f.orderId
            clientOrderId = f.clientOrderId
            brokerOrderId = f.brokerOrderId
        case .approval(let a):
            orderId = a.orderId
            decisionId = a.decisionId
        case .advisorNote(let n):
            decisionId = n.decisionId
        case .note(let n):
            decisionId = n.decisionId
        case .runStart, .runEnd, .reconciliation, .control, .brokerHealth:
            break
        }
    }
}

/// Which records to return from the index; every non-nil field must match.
public struct AuditQuery: Sendable, Equatable {
    public var orderId: String?
    public var clientOrderId: String?
    public var brokerOrderId: String?
    public var symbol: String?
    /// The `at` day, `YYYY-MM-DD`.
    public var day: String?
    /// Strategy rule id (decisions only).
    public var ruleId: String?
    /// What became of the decision: the policy's outcome, or block after a runtime gate (decisions only).
    public var outcome: Outcome?
    public var decisionId: String?
    /// Record type: decision, fill, …
    public var type: String?

    public init(orderId: String? = nil, clientOrderId: String? = nil, brokerOrderId: String? = nil, symbol: String? = nil,
                day: String? = nil, ruleId: String? = nil, outcome: Outcome? = nil, decisionId: String? = nil,
                type: String? = nil) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.brokerOrderId = brokerOrderId
        self.symbol = symbol
        self.day = day
        self.ruleId = ruleId
        self.outcome = outcome
        self.decisionId = decisionId
        self.type = type
    }

    /// Column name and value of each set field, in a fixed order.
    var conditions: [(column: String, value: String)] {
        let all: [(String, String?)] = [
            ("order_id", orderId), ("client_order_id", clientOrderId), ("broker_order_id", brokerOrderId),
            ("symbol", symbol), ("day", day), ("rule_id", ruleId), ("outcome", outcome?.rawValue),
            ("decision_id", decisionId), ("type", type),
        ]
        return all.compactMap { column, value in value.map { (column, $0) } }
    }
}

/// A record found through the index, with where it is in the log.
public struct IndexedRecord: Sendable, Equatable {
    public var seq: Int
    /// 1-based line number in the JSONL file.
    public var line: Int
    public var record: AuditRecord
}
