import Engine
import MarketData
import RuleLanguage
import Vocabulary

/// What a backtest reads and how it trades: the strategy, policy and bars, the span and the
/// execution settings. `algobot backtest` and every combination of `algobot sweep` take the
/// same, so they are defined (and checked, and loaded) here once; `BacktestJob.Options` and
/// `SweepJob.Options` reach them by name (`options.strategyPath`).
public struct BacktestInputs: Sendable {
    public var strategyPath = DefaultPaths.strategy
    public var policyPath = DefaultPaths.policy
    public var dataPath = DefaultPaths.data
    /// `YYYY-MM-DD`, inclusive. Bars before `from` only warm up indicators.
    public var from: String?
    public var to: String?
    public var settings = ExecutionSettings()
    public var badRows: BadRowPolicy = .fail

    public init() {}

    /// `from` and `to` as UTC seconds: the start of the first day, the end of the last.
    func span() throws -> (from: Int64?, to: Int64?) {
        let start = try from.map { try Self.time(of: $0, option: "--from", endOfDay: false) }
        let end = try to.map { try Self.time(of: $0, option: "--to", endOfDay: true) }
        if let start, let end, start > end {
            throw BacktestJobError(message: "--from \(from ?? "") is after --to \(to ?? "")")
        }
        return (start, end)
    }

    /// The strategy's bars, in the order of its symbols. Daily bars under a strategy that
    /// reads the time of day are refused with the strategy's own diagnostics. `keeping`: the
    /// optional fields the run reads (`fields(readBy:)`); the bars are held without the others.
    func bars(for strategy: CheckedStrategy, source: @autoclosure () -> SourceFile?,
              keeping fields: BarFields = .all) throws -> (loaded: LoadResult, series: [BarSeries]) {
        let loaded = try BarLoader.load(path: dataPath, symbols: strategy.symbols, badRows: badRows, keeping: fields)
        let series = strategy.symbols.compactMap { symbol in loaded.series.first { $0.symbol == symbol } }
        if let daily = series.firstIndex(where: \.isDaily) {
            let problems = strategy.intradayDiagnostics(dailyBars: "the data for \(series[daily].symbol) has daily bars (\(dataPath))")
            if !problems.isEmpty {
                let renderer = DiagnosticRenderer(sources: source().map { [$0] } ?? [])
                throw BacktestJobError(message: problems.map { renderer.text($0) }.joined(separator: "\n"))
            }
        }
        return (loaded, series)
    }

    /// The optional bar fields a backtest of `strategy` reads (`CompiledStrategy.reads`).
    /// Nothing else does: the report draws and counts the strategy's own expressions, the
    /// benchmark uses closes, fills use opens and, for orders with a life, highs and lows.
    static func fields(readBy strategy: CompiledStrategy) -> BarFields {
        var fields: BarFields = []
        if strategy.reads(.high) { fields.insert(.high) }
        if strategy.reads(.low) { fields.insert(.low) }
        if strategy.reads(.volume) { fields.insert(.volume) }
        return fields
    }

    /// The bars of the other symbols `strategy`'s conditions read (`SPY.close`), by symbol,
    /// from the same data; a missing one is an error that points into the strategy file.
    func referenceBars(for strategy: CheckedStrategy, inputs: [StrategyInput]) throws -> [String: BarSeries] {
        try ReferenceBars.load(ReferenceBars.symbols(inputs), dataPath: dataPath, badRows: badRows,
                               location: strategy.location(ofReference:))
    }

    /// `YYYY-MM-DD` → UTC seconds at the start (or end) of that day.
    static func time(of date: String, option: String, endOfDay: Bool) throws -> Int64 {
        guard let day = ISOTimestamp.day(date) else {
            throw BacktestJobError(message: "\(option) \(date): expected a date like 2020-01-31")
        }
        return day * CivilDate.secondsPerDay + (endOfDay ? CivilDate.secondsPerDay - 1 : 0)
    }
}
