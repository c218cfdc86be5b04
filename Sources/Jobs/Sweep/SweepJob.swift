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
        let setup = try self.setup()
        let (from, to) = try options.inputs.span()
        let shard = options.shard ?? SweepShard(index: 0, count: 1)
        let indices = Array(stride(from: shard.index, to: setup.grid.count, by: shard.count))
        let records = try setup.records(indices, runner: setup.runner(settings: options.settings, from: from, to: to),
                                        jobs: options.jobs, progress: options.progress)
        return SweepReport(header: header(setup, from: options.from, to: options.to), records: records)
    }

    /// Reads and checks the strategy, the policy, the params, `--where`, the metric and the
    /// bars, and lists the combinations: everything before the first backtest.
    func setup() throws -> SweepSetup {
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
        _ = try options.inputs.span()  // a bad --from/--to is reported before the bars are read
        let grid = try makeGrid(strategy)
        let (loaded, series) = try options.inputs.bars(for: strategy, source: file.source)
        // Params never change which inputs a strategy reads: one compile tells them all.
        let inputs = StrategyCompiler.compile(strategy).inputs
        let references = try options.inputs.referenceBars(for: strategy, inputs: inputs)
        return SweepSetup(strategy: strategy, source: file.source, policy: policy, compiledPolicy: CompiledPolicy(policy),
                          loaded: loaded, series: series, inputs: inputs, references: references, grid: grid)
    }

    /// What ran, for the report: the span is `from`/`to` as written (a walk-forward window's
    /// train days for its sweep).
    func header(_ setup: SweepSetup, from: String?, to: String?) -> SweepHeader {
        SweepHeader(strategy: setup.strategy.name, strategyFile: options.strategyPath, symbols: setup.strategy.symbols,
                    policy: setup.policy.name, policyFile: options.policyPath, data: options.dataPath,
                    from: from, to: to, params: options.params, condition: options.condition,
                    metric: options.metric, top: options.top, combinations: setup.grid.count, shard: options.shard)
    }

    private func makeGrid(_ strategy: CheckedStrategy) throws -> SweepGrid {
        guard let text = options.condition else { return try SweepGrid(params: options.params, where: nil) }
        let names = options.params.map(\.name)
        let condition = try SweepWhere(text, names: names, strategyParams: Dictionary(strategy.params.map { ($0.name, $0.value) },
                                                                                     uniquingKeysWith: { a, _ in a }),
                                       sample: options.params.map { $0.values.first ?? 0 })
        let grid = try SweepGrid(params: options.params, where: { condition.holds($0) }, jobs: options.jobs)
        guard grid.count > 0 else { throw SweepError(message: "--where \(text): no combination satisfies it") }
        return grid
    }
}
