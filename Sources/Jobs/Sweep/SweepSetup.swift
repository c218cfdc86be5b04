import Engine
import MarketData
import Policy
import Report
import RuleLanguage

/// What every backtest of a sweep shares, read and checked once: the strategy, the policy,
/// the bars and the combinations. `algobot sweep` runs them over its span; `algobot
/// walkforward` over each window's train span, then the best over its test span.
struct SweepSetup {
    let strategy: CheckedStrategy
    let source: SourceFile?
    let policy: CheckedPolicy
    let compiledPolicy: CompiledPolicy
    let loaded: LoadResult
    /// The strategy's bars, in the order of its symbols.
    let series: [BarSeries]
    /// What the strategy reads (the same for every combination) and the other symbols' bars
    /// its conditions read (`SPY.close`), by symbol.
    let inputs: [StrategyInput]
    let references: [String: BarSeries]
    let grid: SweepGrid

    /// The runs over `from...to` (UTC seconds, inclusive) with these settings; the bars are
    /// prepared once here for every combination, and each indicator column is computed once
    /// for all the combinations that use it (`SeriesColumns`).
    func runner(settings: ExecutionSettings, from: Int64?, to: Int64?) -> SweepRunner {
        SweepRunner(strategy: strategy, source: source, policy: compiledPolicy, series: series,
                    prepared: PreparedBars(series: series, to: to, inputs: inputs, references: references, shareColumns: true),
                    settings: settings, from: from, to: to, compiler: SweepCompiler(strategy))
    }

    /// Every combination of `indices` over the runner's span, `jobs` at once, in the order
    /// of `indices` whatever the number of jobs.
    func records(_ indices: [Int], runner: SweepRunner, jobs: Int, progress: (@Sendable (Int, Int) -> Void)?) throws -> [SweepRecord] {
        let grid = self.grid
        return try SweepPool(jobs: jobs, progress: progress).map(indices) { k in
            try runner.run(k, params: grid.named(k))
        }
    }
}
