import Policy

// Reports of runs the engine did not make itself (a paper or simulator run read back from its
// audit log) are built from the same parts as a backtest's, so every renderer draws them.

extension OrderReport {
    /// An order as a recorded run's log tells it: the decision judged again by the run's
    /// policy, and what became of the order at the broker.
    public init(recorded decision: PolicyDecision, status: Status, filledQty: Double?, fillPrice: Double?, commission: Double?,
                filledTime: Int64?, filledOffset: Int32?, note: String?,
                observed: [(expression: String, value: Double, previous: Double?)]) {
        self.init(decision: decision, status: status, filledQty: filledQty, fillPrice: fillPrice, commission: commission,
                  filledTime: filledTime, filledOffset: filledOffset, note: note, observed: observed)
    }
}
