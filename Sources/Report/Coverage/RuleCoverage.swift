import Vocabulary

/// Which strategy rules, and which `and`/`or` parts of their conditions, did anything in a
/// backtest (OPA's `opa test --coverage` is the model): per rule the bars it was evaluated
/// on and true on, the times it fired, the orders it made and how many the policy objected
/// to; per part the bars it was true on and the bars on which it alone decided the rule's
/// outcome. A part that never decided it is flagged: the rule would have done the same
/// without it. Counted after the run (`RuleCoverageCounter`), never in the engine's loop.
public struct RuleCoverage: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        /// The part with params as numbers: `rsi(close, 14) <= 70`.
        public let text: String
        /// Bars (of those the rule was evaluated on) on which the part was true.
        public var trueBars = 0
        /// Bars on which the part alone decided the rule's outcome: for an `and`, it was false
        /// and every other part true; for an `or`, it was true and every other part false.
        public var decidingBars = 0
    }

    public struct Rule: Sendable, Equatable {
        public let id: String
        /// The condition with params as numbers.
        public let text: String
        /// The operator joining `parts`; nil when the condition has no `and`/`or` at its top.
        public let op: String?
        public var parts: [Part]
        /// Bars the rule was evaluated on: in the run's period, after its warm-up, all symbols.
        public var bars = 0
        public var trueBars = 0
        /// Bars on which it was the first rule (in file order) whose condition held, so it acted.
        public var fired = 0
        /// Orders it made (a fired sell while holding nothing makes none).
        public var orders = 0
        public var blocked = 0
        public var neededApproval = 0

        public var objections: Int { blocked + neededApproval }

        /// The parts that never decided the rule's outcome.
        public var flaggedParts: [Part] { op == nil ? [] : parts.filter { $0.decidingBars == 0 } }

        /// "`rsi(close, 14) <= 70` never changed a decision in 5,849 bars".
        public func flag(_ part: Part) -> String {
            "`\(part.text)` never changed a decision in \(Money.grouped(Int64(bars))) \(bars == 1 ? "bar" : "bars")"
        }

        /// Why, in words: what a deciding bar would have been.
        public var flagReason: String {
            op == "or" ? "it was never the only true part of the `or`"
                : "it was never the only false part of the `and`, so the rule fired the same without it"
        }
    }

    public var rules: [Rule]
}
