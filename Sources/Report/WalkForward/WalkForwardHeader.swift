import Vocabulary

/// What a walk-forward ran: the sweep of each train span as `algobot sweep` describes it (the
/// files, the span, the params, the condition, the metric that picks the best, the
/// combinations: `header.strategy`, `header.metric`, … read through to it), the window spans
/// and the starting cash.
@dynamicMemberLookup
public struct WalkForwardHeader: Sendable {
    /// The sweep of each train span (its JSON keys open ours).
    public let sweep: SweepHeader
    /// `--train` and `--test` as written (`3y`, `18m`, `90d`).
    public let train: String
    public let test: String
    public let anchored: Bool
    public let startingCash: Double
    /// The strategy's bars (`1Day`, `1Hour`, ...): how the stitched curve's Sharpe ratio is annualised.
    public let timeframe: String

    package init(sweep: SweepHeader, train: String, test: String, anchored: Bool, startingCash: Double, timeframe: String) {
        self.sweep = sweep
        self.train = train
        self.test = test
        self.anchored = anchored
        self.startingCash = startingCash
        self.timeframe = timeframe
    }

    public subscript<Value>(dynamicMember path: KeyPath<SweepHeader, Value>) -> Value { sweep[keyPath: path] }

    var periodsPerYear: Double { Metrics.periodsPerYear(timeframe: timeframe) }

    var jsonValue: JSONValue {
        .object(sweep.searchPairs + [
            ("combinations", .number(Double(sweep.combinations))),
            ("train", .string(train)),
            ("test", .string(test)),
            ("anchored", .bool(anchored)),
            ("starting_cash", .money(startingCash)),
        ])
    }
}
