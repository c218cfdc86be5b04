import Engine
import Foundation
import MarketData
import Report
import Vocabulary

/// What `algobot walkforward` does, callable from tests: reads and checks everything once
/// (as `algobot sweep` does), plans the windows over the data's days, and on each window
/// sweeps the train span, takes the best by the metric (the sweep's own ranking) and runs
/// its params on the test span that follows. The test spans are stitched into one
/// out-of-sample curve: each starts flat with the equity the one before ended with (a
/// position still open at a span's end is valued at its last close, as the backtest's
/// final equity is, and not carried into the next span).
public struct WalkForwardJob {
    public struct Options: Sendable {
        /// The sweep run on each train span: the files, `--param`, `--where`, `--metric`,
        /// `--jobs`, the span (`--from`/`--to`: the days the windows cover; earlier bars
        /// only warm up indicators) and the execution settings.
        public var sweep = SweepJob.Options()
        public var train = WalkForwardSpan(count: 3, unit: .years)
        public var test = WalkForwardSpan(count: 1, unit: .years)
        public var anchored = false
        public var benchmark = "SPY"
        /// (backtests done, total) now and then, for a progress bar.
        public var progress: (@Sendable (Int, Int) -> Void)?

        public init() {}
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func run() throws -> WalkForwardReport {
        guard options.sweep.shard == nil else {
            throw SweepError(message: "--shard is for 'algobot sweep'; a walk-forward runs every window on this machine")
        }
        let sweepJob = SweepJob(options: options.sweep)
        let setup = try sweepJob.setup()
        let (from, to) = try options.sweep.inputs.span()
        var single = BacktestJob.Options()
        single.inputs = options.sweep.inputs
        single.benchmark = options.benchmark
        try BacktestJob.requireBars(in: setup.series, from: from, to: to, options: single)
        let plan = try windows(setup.series, from: from, to: to)
        let settings = options.sweep.settings
        let combinations = setup.grid.count, total = plan.count * (combinations + 1)
        var windows: [WalkForwardReport.Window] = []
        var times: [Int64] = [], curve: [Double] = [], invested: [Double] = []
        var equity = settings.startingCash
        for (n, window) in plan.enumerated() {
            let train = Self.seconds(window.trainFirst, window.trainLast), test = Self.seconds(window.testFirst, window.testLast)
            let progress = options.progress.map { report in { @Sendable (done: Int, _: Int) in report(n * (combinations + 1) + done, total) } }
            let records = try setup.records(Array(0..<combinations), runner: setup.runner(settings: settings, from: train.from, to: train.to),
                                            jobs: options.sweep.jobs, progress: progress)
            let sweep = SweepReport(header: sweepJob.header(setup, from: ISOTimestamp.dateText(day: window.trainFirst),
                                                            to: ISOTimestamp.dateText(day: window.trainLast)), records: records)
            guard let best = sweep.best else { continue }
            var carried = settings
            carried.startingCash = equity
            let startingEquity = equity
            let run = try setup.runner(settings: carried, from: test.from, to: test.to).backtest(best.index, params: best.params)
            equity = run.curve.equity.last ?? equity
            times += run.curve.times
            curve += run.curve.equity
            invested += run.curve.invested
            windows.append(.init(train: (ISOTimestamp.dateText(day: window.trainFirst), ISOTimestamp.dateText(day: window.trainLast)),
                                 test: (ISOTimestamp.dateText(day: window.testFirst), ISOTimestamp.dateText(day: window.testLast)),
                                 best: best.record, deflatedSharpe: sweep.deflatedSharpe?.probability, outOfSample: run.record, startingEquity: startingEquity))
        }
        options.progress?(total, total)
        var notes: [String] = []
        let benchmark = try BacktestJob(options: single).loadBenchmark(loaded: setup.loaded, notes: &notes)
        let header = WalkForwardHeader(sweep: sweepJob.header(setup, from: options.sweep.from, to: options.sweep.to),
                                       train: options.train.description, test: options.test.description, anchored: options.anchored,
                                       startingCash: settings.startingCash, timeframe: setup.strategy.timeframe)
        return WalkForwardReport(header: header, windows: windows, times: times, equity: curve, invested: invested,
                                 benchmark: benchmark)
    }

    /// The windows over the days of the data inside `from...to`, without those whose test
    /// span has no bar (a weekend, with `--test` in days): nothing would trade there.
    private func windows(_ series: [BarSeries], from: Int64?, to: Int64?) throws -> [WalkForwardWindow] {
        let lower = from ?? .min, upper = to ?? .max
        var first = Int64.max, last = Int64.min
        for bars in series {
            let start = bars.times.partitioningIndex { $0 >= lower }, end = bars.times.partitioningIndex { $0 > upper }
            guard start < end else { continue }
            first = min(first, CivilDate.day(containing: bars.times[start]))
            last = max(last, CivilDate.day(containing: bars.times[end - 1]))
        }
        let plan = try WalkForwardWindow.plan(first: first, last: last, train: options.train, test: options.test, anchored: options.anchored)
        return plan.filter { window in
            let test = Self.seconds(window.testFirst, window.testLast)
            return series.contains { bars in
                let i = bars.times.partitioningIndex { $0 >= test.from }
                return i < bars.count && bars.times[i] <= test.to
            }
        }
    }

    /// Days `first...last` as UTC seconds: the start of the first, the end of the last.
    static func seconds(_ first: Int64, _ last: Int64) -> (from: Int64, to: Int64) {
        (first * CivilDate.secondsPerDay, last * CivilDate.secondsPerDay + CivilDate.secondsPerDay - 1)
    }
}
