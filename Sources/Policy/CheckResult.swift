import RuleLanguage
import Vocabulary

/// One policy rule's verdict on one order: plain figures. Its words ("position after
/// order $9,980.00 ≤ limit $25,000.00 — pass") are rendered on demand by
/// `PolicyDecision.message(for:)`, never while a backtest runs.
public struct CheckResult: Sendable, Equatable {
    /// Which check this is: a built-in limit, or the user's rule number `n` in the policy.
    public enum Subject: Sendable, Equatable {
        case limit(BuiltInLimit)
        case rule(Int)
    }

    /// Why a check came out as it did, for the words.
    enum Detail: Sendable, Equatable {
        case notSet
        /// The order only reduces a position: built-in limits do not apply.
        case reducing
        /// `value` compared with `limit`.
        case compared
        /// A figure the check needs is unknown.
        case missing
        /// A user rule's condition was evaluated.
        case evaluated
    }

    public let subject: Subject
    public let status: CheckStatus
    /// What a failure of this rule means: block, needs_approval (or allow for a no-op rule).
    public let outcomeOnFailure: Outcome
    /// The figure compared (position value after, gross exposure after, drawdown, notional).
    public let value: Double
    public let limit: Double?
    let detail: Detail

    /// Position in `CompiledPolicy.ruleIDs` (the limits, then user rules); the id and
    /// location come from the decision (`PolicyDecision.id(of:)`), so a check holds no text.
    public var index: Int {
        switch subject {
        case .limit(let limit): return limit.index
        case .rule(let n): return BuiltInLimit.count + n
        }
    }

    public var kind: CheckKind {
        switch subject {
        case .limit: return .limit
        case .rule: return .rule
        }
    }

    /// The built-in limit this check is, or nil for a user rule.
    public var builtInLimit: BuiltInLimit? {
        if case .limit(let limit) = subject { return limit }
        return nil
    }

    /// The outcome this check contributes: allow when it passed; block when it could not
    /// be evaluated (fail closed).
    public var outcome: Outcome { status.outcome(onFailure: outcomeOnFailure) }

    /// One entry of "the values it compared", for records.
    public struct Value: Sendable, Equatable {
        public let name: String
        public let number: Double?
        public let text: String?

        public init(_ name: String, _ number: Double) {
            self.name = name
            self.number = number
            self.text = nil
        }

        public init(_ name: String, text: String) {
            self.name = name
            self.number = nil
            self.text = text
        }
    }
}
