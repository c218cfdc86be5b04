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
    let period = SweepPeriod()

    func run(_ index: Int, params: [(name: String, value: Double)]) throws -> SweepRecord {
        try backtest(index, params: params).record
    }

    /// Two combinations, each the record `run` gives, the second passes over their curves
    /// run side by side (`ReturnSums.pair`). The second is not run when the first fails, and
    /// its result is then nil; a failure is the one `run` throws for that combination.
    func run(_ first: (index: Int, params: [(name: String, value: Double)]), _ second: (index: Int, params: [(name: String, value: Double)]))
        -> (Result<SweepRecord, any Error>, Result<SweepRecord, any Error>?) {
        let a: Ran
        do {
            a = try simulate(first.index, params: first.params)
        } catch {
            return (.failure(error), nil)
        }
        let b: Ran
        do {
            b = try simulate(second.index, params: second.params)
        } catch {
            let record = Result { try self.record(a, sums: ReturnSums(startingCash: settings.startingCash, curve: a.curve)) }
            guard case .success = record else { return (record, nil) }
            return (record, .failure(error))
        }
        let (sa, sb) = ReturnSums.pair(startingCash: settings.startingCash, a.curve, b.curve)
        let ra = Result { try self.record(a, sums: sa) }
        guard case .success = ra else { return (ra, nil) }
        return (ra, Result { try self.record(b, sums: sb) })
    }

    /// The run and its equity curve (a walk-forward test span is stitched from it).
    func backtest(_ index: Int, params: [(name: String, value: Double)]) throws -> (record: SweepRecord, curve: EquityCurve) {
        let ran = try simulate(index, params: params)
        return (try record(ran, sums: ReturnSums(startingCash: settings.startingCash, curve: ran.curve)), ran.curve)
    }

    /// A combination's backtest, before its figures.
    private struct Ran {
        let index: Int
        let params: [(name: String, value: Double)]
        let checked: CheckedStrategy
        let result: BacktestResult
        var curve: EquityCurve { result.curve }
    }

    private func simulate(_ index: Int, params: [(name: String, value: Double)]) throws -> Ran {
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
        return Ran(index: index, params: params, checked: checked, result: result)
    }

    /// The record of a run from the sums over its curve (one pass pair gives both the
    /// summary's figures and the returns' moments, and whether the curve is finite: where it
    /// stops being so only a failure looks up).
    private func record(_ ran: Ran, sums: ReturnSums) throws -> SweepRecord {
        let result = ran.result, curve = ran.curve, params = ran.params
        if !sums.allFinite {
            do {
                try BacktestJob.requireFiniteEquity(curve)
            } catch let error as BacktestJobError {
                throw SweepError(message: "with params \(Self.text(params)): \(error.message)")
            }
        }
        let metrics = Metrics(startingCash: settings.startingCash, curve: curve,
                              periodsPerYear: Metrics.periodsPerYear(timeframe: ran.checked.timeframe), sums: sums)
        let period = curve.times.first.flatMap { first in
            curve.times.last.map { last in self.period.texts(first: first, last: last) { (timeText(first), timeText(last)) } }
        }
        let tally = result.decisions?.tally() ?? DecisionLog.Tally(violations: Array(repeating: (0, 0), count: result.ruleIDs.count))
        let summary = BacktestSummary(metrics: metrics, trades: result.trades, openPositions: result.openPositions.count, tally: tally,
                                      finalCash: result.finalCash, commissions: result.commissionsPaid, period: period, bars: curve.count,
                                      borrowFees: result.borrowFeesPaid)
        let violations = JSONValue.violations(ruleIDs: result.ruleIDs, counts: tally.violations)
        return SweepRecord(index: ran.index, values: params.map(\.value), summary: summary.jsonValue, violations: violations,
                           returns: ReturnMoments(sums: sums))
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
