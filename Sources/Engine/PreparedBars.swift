import MarketData

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

    /// `series[i]`'s bars up to `to` (inclusive).
    public init(series: [BarSeries], to: Int64?) {
        self.to = to
        columns = series.map { bars in
            BarColumns(bars, upTo: to.map { to in bars.times.partitioningIndex { $0 > to } } ?? bars.count)
        }
        totalBars = columns.reduce(0) { $0 + $1.count }
    }

    deinit { columns.forEach { $0.deallocate() } }
}
