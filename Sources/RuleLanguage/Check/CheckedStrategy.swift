import Vocabulary

/// A strategy that passed every check: immutable, typed, with warm-up known. The
/// compiler needs nothing else.
public struct CheckedStrategy: Sendable {
    public let name: String
    public let description: String?
    public let file: String
    public let symbols: [String]
    public let timeframe: String
    public let params: [Param]
    public let rules: [Rule]
    /// The strategy-level `exits:` as written (each buy rule's `exits` already holds the
    /// ones that apply to it).
    public var exits: Exits? = nil

    public struct Param: Sendable, Equatable {
        public let name: String
        public let value: Double
    }

    public struct Size: Sendable, Equatable {
        public enum Amount: Sendable, Equatable {
            case percentOfEquity(Double)
            case shares(Double)
            case notional(Double)
        }
        public let amount: Amount
        public let fractional: Bool
    }

    public struct Rule: Sendable {
        public let id: String
        /// Where the `when:` expression is: for audit records and explain.
        public let location: SourceSpan
        /// The expression as written in the file.
        public let expressionText: String
        package let condition: TypedExpr
        public let action: Action
        /// Nil exactly when the action is `sell_all`.
        public let size: Size?
        /// How the order is filled (`order:`); market by default.
        public var order: Order = .market
        /// The exits of the position this rule opens: its own `exits:`, else the strategy's;
        /// nil for rules that do not buy, or when there are none.
        public var exits: Exits? = nil
        /// The condition as parsed (ranges into `expressionText`): checking it again with other
        /// params (each combination of a sweep) need not parse it again.
        package var written: Expr? = nil
        /// Bars before the condition (and every price the rule's order and exits read) is
        /// defined; the rule is not evaluated earlier.
        public var lookback: Int { max(condition.lookback, order.lookback, exits?.lookback ?? 0) }
    }

    /// Bars of history needed before every rule can be evaluated.
    public var lookback: Int { rules.map(\.lookback).max() ?? 0 }
}

/// A policy that passed every check.
public struct CheckedPolicy: Sendable {
    public let name: String
    public let description: String?
    public let file: String
    public let limits: Limits
    public let rules: [Rule]

    public struct Limit<Value: Sendable & Equatable>: Sendable, Equatable {
        public let value: Value
        public let location: SourceSpan
    }

    public enum PositionLimit: Sendable, Equatable {
        case notional(Double)
        case percentOfEquity(Double)
    }

    public struct Limits: Sendable, Equatable {
        public var maxPositionPerSymbol: Limit<PositionLimit>?
        public var maxGrossNotional: Limit<Double>?
        public var dailyMaxDrawdownPercent: Limit<Double>?
        public var approvalThresholdNotional: Limit<Double>?
        /// Dollars one symbol may be short after an order; nil (absent) means shorting is off.
        public var maxShortNotional: Limit<Double>?

        public init(maxPositionPerSymbol: Limit<PositionLimit>? = nil, maxGrossNotional: Limit<Double>? = nil,
                    dailyMaxDrawdownPercent: Limit<Double>? = nil, approvalThresholdNotional: Limit<Double>? = nil) {
            self.maxPositionPerSymbol = maxPositionPerSymbol
            self.maxGrossNotional = maxGrossNotional
            self.dailyMaxDrawdownPercent = dailyMaxDrawdownPercent
            self.approvalThresholdNotional = approvalThresholdNotional
        }
    }

    public struct Rule: Sendable {
        public let id: String
        public let location: SourceSpan
        public let expressionText: String
        package let condition: TypedExpr
        public let outcome: Outcome
        public let reason: String
    }
}
