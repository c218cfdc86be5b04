import MarketData
import RuleLanguage

/// The bars of a run as the engine reads them (`BarColumns`: raw columns, trading days),
/// made once. A backtest makes its own; a sweep makes one and hands it to every combination's
/// backtest, so thousands of runs over the same bars do not each copy them (the copy cost a
/// sweep more than the strategy's indicators did). Never written after `init`, so runs on
/// several threads may share it.
public final class PreparedBars: @unchecked Sendable {
    let columns: [BarColumns]
    /// The run's last time (inclusive) the columns were cut at, or nil for every bar.
    let to: Int64?
    /// Bars in every column together.
    let totalBars: Int
    /// Per symbol, the column of each strategy input (`InputColumns`), by input.
    let inputs: [[StrategyInput: UnsafeMutablePointer<Double>]]
    /// The symbols' bars on one timeline, for several symbols (nil for one).
    let timeline: MergedTimeline?
    /// Per symbol, indicator columns computed once for every run over these bars (a sweep's);
    /// nil when each run computes its own.
    let shared: [SeriesColumns]?
    /// The columns hold each bar's day as a column too (`BarColumns.sessions`), which a
    /// strategy reading `vwap` needs; a run whose strategy needs it makes its own otherwise.
    let sessions: Bool

    /// What the shared columns of all symbols may hold together.
    static let sharedBudget = 256 << 20

    /// `series[i]`'s bars up to `to` (inclusive), with the columns of `inputs` (a strategy's
    /// `CompiledStrategy.inputs`, in any order; the runs that share these bars read them).
    /// With `shareColumns`, the runs over these bars share their indicator columns
    /// (`SeriesColumns`): a sweep's combinations compute `sma(close, 10)` once. `sessions`:
    /// keep the bars' days as columns (`CompiledStrategy.needsSession`; 8 bytes a bar).
    package convenience init(series: [BarSeries], to: Int64?, inputs: [StrategyInput] = [], references: [String: BarSeries] = [:],
                             shareColumns: Bool = false, sessions: Bool = true) {
        self.init(columns: series.map { bars in BarColumns(bars, upTo: Self.end(of: bars, to: to), sessions: sessions) },
                  series: series, to: to, inputs: inputs, references: references, shareColumns: shareColumns, sessions: sessions)
    }

    private init(columns: [BarColumns], series: [BarSeries], to: Int64?, inputs: [StrategyInput], references: [String: BarSeries],
                 shareColumns: Bool = false, sessions: Bool) {
        self.to = to
        self.columns = columns
        self.sessions = sessions
        totalBars = columns.reduce(0) { $0 + $1.count }
        timeline = columns.count > 1 ? MergedTimeline(columns) : nil
        self.inputs = zip(series, columns).map { bars, c in
            var byInput: [StrategyInput: UnsafeMutablePointer<Double>] = [:]
            for input in Set(inputs) {
                let values = InputColumns.column(input, of: bars, count: c.count, references: references)
                let p = UnsafeMutablePointer<Double>.allocate(capacity: max(c.count, 1))
                p.initialize(repeating: .nan, count: max(c.count, 1))
                for (i, v) in values.enumerated() { p[i] = v }
                byInput[input] = p
            }
            return byInput
        }
        let perSymbol = Self.sharedBudget / max(series.count, 1)
        shared = !shareColumns ? nil : zip(columns, self.inputs).map { c, inputs in
            SeriesColumns(bars: BarPointers(open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, days: c.sessions),
                          count: c.count, inputs: inputs.mapValues { UnsafePointer($0) }, budget: perSymbol)
        }
    }

    /// The same bars read where they lie, for one backtest: the columns are `series`' own
    /// arrays, lent for the duration of `body`, not a copy (a million-bar run would otherwise
    /// hold every bar twice). `body` must not keep the bars, or a backtester made with them,
    /// beyond its return.
    package static func borrowing<R>(_ series: [BarSeries], to: Int64?, inputs: [StrategyInput] = [],
                                     references: [String: BarSeries] = [:], sessions: Bool = true,
                                     _ body: (PreparedBars) throws -> R) throws -> R {
        // One symbol at a time, each inside the scope of its arrays' pointers.
        func lend(_ k: Int, _ columns: [BarColumns]) throws -> R {
            guard k < series.count else {
                return try body(PreparedBars(columns: columns, series: series, to: to, inputs: inputs, references: references,
                                             sessions: sessions))
            }
            let s = series[k]
            let end = PreparedBars.end(of: s, to: to)
            guard end > 0 else { return try lend(k + 1, columns + [BarColumns(s, upTo: 0, sessions: sessions)]) }
            return try s.times.withUnsafeBufferPointer { times in
                try s.open.withUnsafeBufferPointer { open in
                    try s.high.withUnsafeBufferPointer { high in
                        try s.low.withUnsafeBufferPointer { low in
                            try s.close.withUnsafeBufferPointer { close in
                                try s.volume.withUnsafeBufferPointer { volume in
                                    try s.utcOffsets.withUnsafeBufferPointer { offsets in
                                        func lent<T>(_ p: UnsafeBufferPointer<T>) -> UnsafeMutablePointer<T> {
                                            UnsafeMutablePointer(mutating: p.baseAddress!)
                                        }
                                        /// A field the series was loaded without is not there to lend.
                                        func field(_ p: UnsafeBufferPointer<Double>) -> UnsafeMutablePointer<Double>? {
                                            p.count < end ? nil : lent(p)
                                        }
                                        let c = BarColumns(s, upTo: end, times: lent(times), open: lent(open), high: field(high), low: field(low),
                                                           close: lent(close), volume: field(volume),
                                                           offsets: s.isDaily ? nil : lent(offsets), borrowed: true, sessions: sessions)
                                        return try lend(k + 1, columns + [c])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return try lend(0, [])
    }

    /// How many of `bars` are at or before `to`.
    private static func end(of bars: BarSeries, to: Int64?) -> Int {
        to.map { to in bars.times.partitioningIndex { $0 > to } } ?? bars.count
    }

    /// For symbol `s`, `inputs`' columns in that order (a strategy's); nil if one was not
    /// prepared.
    func inputColumns(symbol s: Int, _ inputs: [StrategyInput]) -> [UnsafePointer<Double>]? {
        var out: [UnsafePointer<Double>] = []
        for input in inputs {
            guard let p = self.inputs[s][input] else { return nil }
            out.append(UnsafePointer(p))
        }
        return out
    }

    deinit {
        columns.forEach { $0.deallocate() }
        timeline?.deallocate()
        inputs.forEach { $0.values.forEach { $0.deallocate() } }
    }
}
