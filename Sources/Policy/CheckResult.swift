import RuleLanguage

/// One policy rule's verdict on one order: plain figures. Its words ("position after
/// order $9,980.00 ≤ limit $25,000.00 — pass") are rendered on demand by
/// `PolicyDecision.message(for:)`, never while a backtest runs.
public struct CheckResult: Sendable, Equatable {
    public enum Kind: String, Sendable { case limit, rule }
    public enum Status: String, Sendable {
        case pass, fail, error

        /// 0, 1, 2: the status in one byte (compact decision records).
        public var byte: UInt8 {
            switch self {
            case .pass: return 0
            case .fail: return 1
            case .error: return 2
            }
        }

        public init?(byte: UInt8) {
            switch byte {
            case 0: self = .pass
            case 1: self = .fail
            case 2: self = .error
            default: return nil
            }
        }
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
        /// User rule number `index` in the policy.
        case rule(Int)
    }

    /// Position in `CompiledPolicy.ruleIDs` (the four limits, then user rules); the id and
    /// location come from the decision (`PolicyDecision.id(of:)`), so a check holds no text.
    public let index: Int
    public let kind: Kind
    public let status: Status
    /// What a failure of this rule means: block, needs_approval (or allow for a no-op rule).
    public let outcomeOnFailure: CheckedPolicy.Outcome
    /// The figure compared (position value after, gross exposure after, drawdown, notional).
    public let value: Double
    public let limit: Double?
    let detail: Detail

    /// The outcome this check contributes: allow when it passed; block when it could not
    /// be evaluated (fail closed).
    public var outcome: CheckedPolicy.Outcome {
        switch status {
        case .pass: return .allow
        case .fail: return outcomeOnFailure
        case .error: return .block
        }
    }

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
