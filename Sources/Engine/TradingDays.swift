/// The trading day of each bar (days since 1970-01-01: the UTC date of a daily bar, the local
/// date of an intraday bar in the offset it was written with), worked out from the bar's time
/// where it is read instead of kept as a column: a million bars' column was 8 MB of a run's
/// peak memory, and the engine reads a day only at a decision, a fill or a bar-by-bar step.
/// The same numbers as `BarSeries.tradingDay`.
struct TradingDays {
    let times: UnsafePointer<Int64>
    /// The bars' UTC offsets; nil for daily bars.
    let offsets: UnsafePointer<Int32>?

    @inline(__always)
    subscript(i: Int) -> Int64 {
        let t = offsets.map { times[i] + Int64($0[i]) } ?? times[i]
        return t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
    }

    /// The days of bars `0 ..< count` as a column (a strategy reading `vwap` needs its
    /// session in every row of a block); the caller deallocates it.
    func column(count: Int) -> UnsafeMutablePointer<Int64> {
        let p = UnsafeMutablePointer<Int64>.allocate(capacity: max(count, 1))
        for i in 0..<count { (p + i).initialize(to: self[i]) }
        return p
    }
}
