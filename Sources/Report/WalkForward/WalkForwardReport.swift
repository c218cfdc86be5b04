import Engine
import MarketData
import Vocabulary

/// The result of `algobot walkforward`: for each window the best params of the sweep on its
/// train span and how they did on its test span, the test spans stitched into one
/// out-of-sample equity curve, its figures against buy & hold of the benchmark over the same
/// bars, and the in-sample → out-of-sample degradation of the metric.
public struct WalkForwardReport: Sendable {
    /// One window: the sweep on the train days picked `best`; `testRun` is the backtest
    /// of its params on the test days, warmed up on every earlier bar, starting flat with the
    /// equity the previous test span ended with.
    public struct Window: Sendable {
        /// Calendar days as `YYYY-MM-DD`, both ends included.
        public let train: (first: String, last: String)
        public let test: (first: String, last: String)
        let best: SweepRecord
        /// Of the best, over the combinations of this train span.
        public let deflatedSharpe: Double?
        let testRun: SweepRecord
        /// The test span's starting cash: the previous test span's final equity, exactly (the
        /// summary's `starting_cash` is rounded to cents).
        public let startingEquity: Double

        package init(train: (first: String, last: String), test: (first: String, last: String), best: SweepRecord,
                     deflatedSharpe: Double?, outOfSample: SweepRecord, startingEquity: Double) {
            self.train = train
            self.test = test
            self.best = best
            self.deflatedSharpe = deflatedSharpe
            self.testRun = outOfSample
            self.startingEquity = startingEquity
        }

        public var params: [Double] { best.values }
        /// The metric of the best on the train span, and of the same params on the test span.
        public func inSample(_ metric: String) -> Double? { best.figure(metric) }
        public func outOfSample(_ metric: String) -> Double? { testRun.figure(metric) }
        /// The test span's `summary` object, as `algobot backtest --json` writes it.
        public var outOfSampleSummary: JSONValue { testRun.summary }
    }

    public let header: WalkForwardHeader
    public let windows: [Window]
    /// The test spans' curves one after the other (the first point of each follows the last
    /// of the one before): a point per bar, its time, equity and money invested.
    public let times: [Int64]
    public let equity: [Double]
    public let invested: [Double]
    public let metrics: Metrics
    public let benchmark: BuyAndHold?
    public let benchmarkMetrics: Metrics?
    public let degradation: WalkForwardDegradation

    /// `benchmark`: the benchmark symbol's bars (the whole file; only the stitched span is used).
    package init(header: WalkForwardHeader, windows: [Window], times: [Int64], equity: [Double], invested: [Double], benchmark: BarSeries?) {
        self.header = header
        self.windows = windows
        self.times = times
        self.equity = equity
        self.invested = invested
        metrics = Metrics(startingCash: header.startingCash, equity: equity, times: times, invested: invested,
                          periodsPerYear: header.periodsPerYear)
        let bench = benchmark.flatMap { series in
            times.first.flatMap { first in times.last.flatMap { BuyAndHold(series: series, cash: header.startingCash, from: first, to: $0) } }
        }
        self.benchmark = bench
        benchmarkMetrics = bench.map { b in
            Metrics(startingCash: header.startingCash, equity: b.equity, times: b.times, invested: b.equity.map { $0 - b.cashLeft },
                    periodsPerYear: header.periodsPerYear)
        }
        degradation = WalkForwardDegradation(pairs: windows.map { ($0.inSample(header.metric), $0.outOfSample(header.metric)) },
                                             lowerIsBetter: SweepRanking.ascending(header.metric))
    }

    /// Trades closed in all test spans (a position open at a span's end is valued at its last
    /// close and not carried, so it is counted as open there, not as a trade).
    public var closedTrades: Int { windows.reduce(0) { $0 + ($1.outOfSample("closed_trades").flatMap { Int(exactly: $0) } ?? 0) } }

    /// Test spans that ended holding a position (valued at their last close; the next span starts flat).
    public var spansEndingOpen: Int { windows.filter { ($0.testRun.figure("open_positions") ?? 0) > 0 }.count }

    /// The first and last bar of the stitched curve, as the test spans' summaries write them.
    public var period: (first: String, last: String)? {
        guard let first = windows.first?.testRun.summary["first_bar"]?.stringValue,
              let last = windows.last?.testRun.summary["last_bar"]?.stringValue else { return nil }
        return (first, last)
    }
}
