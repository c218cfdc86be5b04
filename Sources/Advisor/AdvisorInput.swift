import Audit
import Vocabulary

/// What an advisor is told about one decision: a read-only summary copied out of the
/// decision's audit record, and nothing else.
///
/// Every property is a `let` of a plain value type (strings, numbers, arrays of such), so an
/// advisor holds no reference to the engine, the policy, a broker or the audit log and has
/// nothing to call. The decision has already been made and recorded when an advisor sees it.
///
/// This is also exactly what the chat-completions advisor sends (as compact JSON): no file
/// paths or hashes, no order or account ids, no keys.
public struct AdvisorInput: Codable, Sendable, Equatable {
    public let strategy: String
    public let symbol: String
    /// The strategy rule that fired.
    public let ruleId: String
    public let expression: String
    public let values: [Value]
    /// Every policy check in evaluation order (built-in limits first, then user rules), then
    /// the runtime gates that stood in the way (kind `runtime`).
    public let checks: [Check]
    /// What became of the decision: the policy's outcome, or block after a runtime gate.
    public let outcome: Outcome
    /// The one-sentence reason for the outcome.
    public let reason: String
    public let order: Order

    /// One sub-expression the rule saw, e.g. `sma(close, 10)` = 111.32 (previous bar 111.07).
    public struct Value: Codable, Sendable, Equatable {
        public let expression: String
        public let value: Double?
        public let previous: Double?
    }

    public struct Check: Codable, Sendable, Equatable {
        public let id: String
        public let kind: CheckKind
        public let result: CheckStatus
        /// What a failure of this check asks for.
        public let onFailure: Outcome
        public let message: String
        /// The figure the check compared with its limit (limits only).
        public let value: Double?
        public let limit: Double?
    }

    public struct Order: Codable, Sendable, Equatable {
        public let side: Side
        public let action: Action
        public let qty: Double?
        public let notional: Double?
        /// The decision bar's close.
        public let price: Double
    }

    public init(_ record: DecisionRecord) {
        strategy = record.strategy.name
        symbol = record.symbol
        ruleId = record.rule.id
        expression = record.rule.expression
        values = record.rule.values.map { Value(expression: $0.expression, value: $0.value, previous: $0.previous) }
        checks = record.effectiveChecks.map { check in
            Check(id: check.id, kind: check.kind, result: check.result, onFailure: check.outcome, message: check.message,
                  value: check.kind == .limit ? check.values.first?.value : nil, limit: check.limit)
        }
        outcome = record.effectiveOutcome
        reason = record.effectiveReason
        order = Order(side: record.order.side, action: record.order.action, qty: record.order.qty,
                      notional: record.order.notional, price: record.order.price)
    }
}
