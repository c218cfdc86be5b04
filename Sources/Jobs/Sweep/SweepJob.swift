import Engine
import Foundation
import MarketData
import Policy
import Report
import RuleLanguage

/// What `algobot sweep` does, callable from tests: reads and checks the strategy, the
/// policy and the bars once, lists the combinations, runs each one's backtest on every core
/// and returns the report (text, JSON, CSV and HTML are up to the caller).
public struct SweepJob {
    /// The inputs every backtest shares (`options.strategyPath`, `.from`, `.settings`, ...),
    /// the same for each combination, and what only a sweep has.
    @dynamicMemberLookup
    public struct Options: Sendable {
        public var inputs = BacktestInputs()
        public var params: [SweepParam] = []
        public var condition: String?
        public var metric = "sharpe"
        public var top = 20
        /// Runs at once; the output is the same for any number.
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Shard `index` of `count`: combinations index, index + count, ...
        public var shard: SweepShard?
        /// (combinations done, total) now and then, for a progress bar.
        public var progress: (@Sendable (Int, Int) -> Void)?

        public init() {}

        public subscript<Value>(dynamicMember path: WritableKeyPath<BacktestInputs, Value>) -> Value {
            get { inputs[keyPath: path] }
            set { inputs[keyPath: path] = newValue }
        }
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
        let (from, to) = try options.inputs.span()
        let grid = try makeGrid(strategy)
        let series = try options.inputs.bars(for: strategy, source: file.source).series
        // Params never change which inputs a strategy reads: one compile tells them all.
        let inputs = StrategyCompiler.compile(strategy).inputs
        let references = try options.inputs.referenceBars(for: strategy, inputs: inputs)
        let runner = SweepRunner(strategy: strategy, source: file.source, policy: CompiledPolicy(policy), series: series,
                                 prepared: PreparedBars(series: series, to: to, inputs: inputs, references: references), settings: options.settings, from: from, to: to)
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
