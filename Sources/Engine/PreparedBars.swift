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

    /// `series[i]`'s bars up to `to` (inclusive), with the columns of `inputs` (a strategy's
    /// `CompiledStrategy.inputs`, in any order; the runs that share these bars read them).
    package init(series: [BarSeries], to: Int64?, inputs: [StrategyInput] = [], references: [String: BarSeries] = [:]) {
        self.to = to
        columns = series.map { bars in
            BarColumns(bars, upTo: to.map { to in bars.times.partitioningIndex { $0 > to } } ?? bars.count)
        }
        totalBars = columns.reduce(0) { $0 + $1.count }
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
        inputs.forEach { $0.values.forEach { $0.deallocate() } }
    }
}
