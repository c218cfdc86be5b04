import Audit
import Policy
import RuleLanguage
import Vocabulary

/// Turns the engine's decisions into audit records (plain data with text for people).
public struct DecisionRecords: Sendable {
    public let mode: Mode
    public let strategy: FileRef
    public let policy: FileRef

    public init(mode: Mode, strategy: FileRef, policy: FileRef) {
        self.mode = mode
        self.strategy = strategy
        self.policy = policy
    }

    public func record(_ decision: PolicyDecision, rule: CompiledStrategy.RuleInfo,
                       observed: [(expression: String, value: Double, previous: Double?)], advisorNote: String? = nil) -> DecisionRecord {
        let intent = decision.intent
        return DecisionRecord(
            id: intent.decisionId, mode: mode, strategy: strategy, policy: policy, symbol: intent.symbol,
            rule: FiredRule(id: rule.id, location: rule.location.location, expression: rule.expressionText,
                            values: observed.map { ObservedValue(expression: $0.expression, value: finite($0.value), previous: $0.previous.flatMap(finite)) }),
            order: DecidedOrder(orderId: intent.orderId, clientOrderId: intent.clientOrderId, side: intent.side,
                                action: intent.action, qty: intent.qty, notional: intent.notional, price: intent.price),
            checks: decision.checks.map { Self.check($0, in: decision) }, outcome: decision.outcome, reason: decision.reason,
            advisorNote: advisorNote, input: DecisionInput(intent: intent, account: decision.account))
    }

    public static func check(_ c: CheckResult, in decision: PolicyDecision) -> PolicyCheck {
        PolicyCheck(id: decision.id(of: c), kind: c.kind, result: c.status, outcome: c.outcomeOnFailure,
                    message: decision.message(for: c),
                    values: decision.values(for: c).map { NamedValue(name: $0.name, value: $0.number.flatMap(finite), text: $0.text) },
                    limit: c.limit, location: decision.location(of: c))
    }

    /// JSON has no NaN: unknown figures are written as null.
    private static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
    private func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
}
