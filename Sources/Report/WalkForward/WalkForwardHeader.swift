import Vocabulary

/// What a walk-forward ran: the files, the span, the params swept on each train span, the
/// condition, the metric that picks the best, the window spans and the starting cash.
public struct WalkForwardHeader: Sendable {
    public let strategy: String
    public let strategyFile: String
    public let symbols: [String]
    public let policy: String
    public let policyFile: String
    public let data: String
    public let from: String?
    public let to: String?
    public let params: [SweepParam]
    public let condition: String?
    public let metric: String
    /// `--train` and `--test` as written (`3y`, `18m`, `90d`).
    public let train: String
    public let test: String
    public let anchored: Bool
    /// Combinations after `--where`, swept on every train span.
    public let combinations: Int
    public let startingCash: Double
    /// The strategy's bars (`1Day`, `1Hour`, ...): how the stitched curve's Sharpe ratio is annualised.
    public let timeframe: String

    /// The sweep of each train span, as `algobot sweep` describes it (its JSON keys open ours).
    let sweep: SweepHeader

    /// The sweep's own description of the files and params (`sweep`'s header), with the windows.
    package init(sweep: SweepHeader, train: String, test: String, anchored: Bool, startingCash: Double, timeframe: String) {
        self.sweep = sweep
        strategy = sweep.strategy
        strategyFile = sweep.strategyFile
        symbols = sweep.symbols
        policy = sweep.policy
        policyFile = sweep.policyFile
        data = sweep.data
        from = sweep.from
        to = sweep.to
        params = sweep.params
        condition = sweep.condition
        metric = sweep.metric
        combinations = sweep.combinations
        self.train = train
        self.test = test
        self.anchored = anchored
        self.startingCash = startingCash
        self.timeframe = timeframe
    }

    var periodsPerYear: Double { Metrics.periodsPerYear(timeframe: timeframe) }

    var jsonValue: JSONValue {
        .object(sweep.searchPairs + [
            ("combinations", .number(Double(combinations))),
            ("train", .string(train)),
            ("test", .string(test)),
            ("anchored", .bool(anchored)),
            ("starting_cash", .money(startingCash)),
        ])
    }
}
