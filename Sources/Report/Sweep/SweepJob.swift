import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage

/// What `algobot sweep` does, callable from tests: reads and checks the strategy, the
/// policy and the bars once, lists the combinations, runs each one's backtest on every core
/// and returns the report (text, JSON, CSV and HTML are up to the caller).
public struct SweepJob {
    public struct Options: Sendable {
        public var strategyPath = "strategies/sma.yaml"
        public var policyPath = "rules/limits.yaml"
        public var dataPath = "data/daily"
        public var from: String?
        public var to: String?
        public var params: [SweepParam] = []
        public var condition: String?
        public var metric = "sharpe"
        public var top = 20
        /// Runs at once; the output is the same for any number.
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Shard `index` of `count`: combinations index, index + count, ...
        public var shard: SweepShard?
        public var settings = ExecutionSettings()
        public var badRows: BadRowPolicy = .fail
        /// (combinations done, total) now and then, for a progress bar.
        public var progress: (@Sendable (Int, Int) -> Void)?

        public init() {}
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func run() throws -> SweepReport {
        guard !options.params.isEmpty else {
            throw SweepError(message: "give the params to sweep, e.g. --param fast=5:50:1 --param slow=20:200:5")
        }
        try SweepRanking.checkMetric(options.metric)
        let linter = Linter()
        let file = linter.lint(file: options.strategyPath)
        guard let strategy = file.strategy else { throw RuleFileError(file: file) }
        let policy = try linter.policy(at: options.policyPath)
        var seen: Set<String> = []
        for param in options.params {
            guard seen.insert(param.name).inserted else { throw SweepError(message: "--param \(param.name) is given twice; give each param once") }
            guard strategy.params.contains(where: { $0.name == param.name }) else {
                throw SweepError(message: "--param \(param.name): \(strategy.unknownParam(param.name))")
            }
        }
        let from = try options.from.map { try BacktestJob.time(of: $0, option: "--from", endOfDay: false) }
        let to = try options.to.map { try BacktestJob.time(of: $0, option: "--to", endOfDay: true) }
        if let from, let to, from > to { throw SweepError(message: "--from \(options.from ?? "") is after --to \(options.to ?? "")") }
        let grid = try makeGrid(strategy)
        let loaded = try BarLoader.load(path: options.dataPath, symbols: strategy.symbols, badRows: options.badRows)
        let series = strategy.symbols.compactMap { symbol in loaded.series.first { $0.symbol == symbol } }
        if let daily = series.firstIndex(where: \.isDaily) {
            let problems = strategy.intradayDiagnostics(dailyBars: "the data for \(series[daily].symbol) has daily bars (\(options.dataPath))")
            if !problems.isEmpty {
                let renderer = DiagnosticRenderer(sources: file.source.map { [$0] } ?? [])
                throw SweepError(message: problems.map { renderer.text($0) }.joined(separator: "\n"))
            }
        }
        let runner = SweepRunner(strategy: strategy, source: file.source, policy: CompiledPolicy(policy), series: series,
                                 prepared: PreparedBars(series: series, to: to), settings: options.settings, from: from, to: to)
        let shard = options.shard ?? SweepShard(index: 0, count: 1)
        let indices = Array(stride(from: shard.index, to: grid.count, by: shard.count))
        let records = try SweepPool(jobs: options.jobs, progress: options.progress).map(indices) { k in
            try runner.run(k, params: grid.named(k))
        }
        let header = SweepHeader(strategy: strategy.name, strategyFile: options.strategyPath, symbols: strategy.symbols,
                                 policy: policy.name, policyFile: options.policyPath, data: options.dataPath,
                                 from: options.from, to: options.to, params: options.params, condition: options.condition,
                                 metric: options.metric, top: options.top, combinations: grid.count, shard: options.shard)
        return SweepReport(header: header, records: records)
    }

    private func makeGrid(_ strategy: CheckedStrategy) throws -> SweepGrid {
        guard let text = options.condition else { return try SweepGrid(params: options.params, where: nil) }
        let names = options.params.map(\.name)
        let condition = try SweepWhere(text, names: names, strategyParams: Dictionary(strategy.params.map { ($0.name, $0.value) },
                                                                                     uniquingKeysWith: { a, _ in a }),
                                       sample: options.params.map { $0.values.first ?? 0 })
        let grid = try SweepGrid(params: options.params, where: condition.holds)
        guard grid.count > 0 else { throw SweepError(message: "--where \(text): no combination satisfies it") }
        return grid
    }
}

/// `--shard I/N`: the combinations numbered I, I + N, I + 2N, ... (I from 0).
public struct SweepShard: Sendable, Equatable {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else {
            throw SweepError(message: "--shard \(text): expected I/N with 0 ≤ I < N, e.g. --shard 0/4 (the first of four shards)")
        }
        self.init(index: index, count: count)
    }
}
