import MarketData

extension BarSeries {
    /// Bar `i`'s trading day (days since 1970-01-01): the UTC date of a daily bar, the local
    /// date of an intraday bar in the offset it was written with (New York's for exchange
    /// data). Today's drawdown resets when it changes, and it is `vwap`'s session.
    @inline(__always)
    public func tradingDay(_ i: Int) -> Int64 {
        let t = isDaily ? times[i] : times[i] + Int64(utcOffsets[i])
        return t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
    }
}
