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
        // Two at a time: their curves' second passes run side by side (`SweepRunner.run(_:_:)`).
        return try SweepPool(jobs: jobs, progress: progress).map(indices, batches: { batch in
            var results: [Result<SweepRecord, any Error>] = []
            var k = batch.startIndex
            while k < batch.endIndex {
                guard k + 1 < batch.endIndex else {
                    results.append(Result { try runner.run(batch[k], params: grid.named(batch[k])) })
                    break
                }
                let (first, second) = runner.run((batch[k], grid.named(batch[k])), (batch[k + 1], grid.named(batch[k + 1])))
                results.append(first)
                guard case .success = first, let second else { break }
                results.append(second)
                guard case .success = second else { break }
                k += 2
            }
            return results
        })
    }
}
