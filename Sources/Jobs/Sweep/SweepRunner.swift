import Engine
import MarketData
import Policy
import Report
import RuleLanguage
import Vocabulary

/// Runs one combination: the backtest `algobot backtest --params` runs (the same checks,
/// compiler, policy, engine, fills and summary figures), without what only a report needs
/// (text times of every bar, order reports). Built once per sweep from files read once;
/// safe to use from several threads (each run owns its engine).
struct SweepRunner: Sendable {
    let strategy: CheckedStrategy
    let source: SourceFile?
    let policy: CompiledPolicy
    let series: [BarSeries]
    /// The bars as the engine reads them, made once for every combination.
    let prepared: PreparedBars
    let settings: ExecutionSettings
    let from: Int64?
    let to: Int64?
    /// Compiles each combination from a template of its shape, made once per shape.
    let compiler: SweepCompiler

    func run(_ index: Int, params: [(name: String, value: Double)]) throws -> SweepRecord {
        try backtest(index, params: params).record
    }

    /// The run and its equity curve (a walk-forward test span is stitched from it).
    func backtest(_ index: Int, params: [(name: String, value: Double)]) throws -> (record: SweepRecord, curve: EquityCurve) {
        let checked: CheckedStrategy
        do {
            checked = try strategy.with(params: params, source: source)
        } catch let error as ParamOverrideError {
            throw SweepError(message: error.message)
        }
        let core = TradingCore(strategy: compiler.compile(checked), policy: policy, symbols: checked.symbols,
                               forceFractional: settings.fractional)
        let options = Backtester.Options(settings: settings, from: from, to: to)
        let result = try Backtester(core: core, series: series, options: options, prepared: prepared).run()
        let curve = result.curve
        // One pass pair over the curve gives both the summary's figures and the returns' moments
        // (and whether the curve is finite: where it stops being so only a failure looks up).
        let sums = ReturnSums(startingCash: settings.startingCash, curve: curve)
        if !sums.allFinite {
            do {
                try BacktestJob.requireFiniteEquity(curve)
            } catch let error as BacktestJobError {
                throw SweepError(message: "with params \(Self.text(params)): \(error.message)")
            }
        }
        let metrics = Metrics(startingCash: settings.startingCash, curve: curve,
                              periodsPerYear: Metrics.periodsPerYear(timeframe: checked.timeframe), sums: sums)
        let period = curve.times.first.flatMap { first in curve.times.last.map { (timeText(first), timeText($0)) } }
        let tally = result.decisions?.tally() ?? DecisionLog.Tally(violations: Array(repeating: (0, 0), count: result.ruleIDs.count))
        let summary = BacktestSummary(metrics: metrics, trades: result.trades, openPositions: result.openPositions.count, tally: tally,
                                      finalCash: result.finalCash, commissions: result.commissionsPaid, period: period, bars: curve.count,
                                      borrowFees: result.borrowFeesPaid)
        let violations = JSONValue.violations(ruleIDs: result.ruleIDs, counts: tally.violations)
        let record = SweepRecord(index: index, values: params.map(\.value), summary: summary.jsonValue, violations: violations,
                                 returns: ReturnMoments(sums: sums))
        return (record, curve)
    }

    /// A curve point's time as the report writes it: the text of the first symbol (in the
    /// strategy's order) with a bar at that time, as the engine's curve takes it.
    private func timeText(_ time: Int64) -> String {
        for bars in series {
            let i = bars.times.partitioningIndex { $0 >= time }
            if i < bars.count && bars.times[i] == time { return bars.timeText(i) }
        }
        return ""
    }

    static func text(_ params: [(name: String, value: Double)]) -> String {
        params.map { "\($0.name)=\(Expr.format($0.value))" }.joined(separator: ",")
    }
}

extension JSONValue {
    /// The report's `violations` object: each policy rule → how many orders it blocked or held.
    static func violations(ruleIDs: [String], counts: [(block: Int, needsApproval: Int)]) -> JSONValue {
        .object(zip(ruleIDs, counts).map { id, count in
            (id, .object([("block", .number(Double(count.block))), ("needs_approval", .number(Double(count.needsApproval)))]))
        })
    }
}
