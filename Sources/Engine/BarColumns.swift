import MarketData

/// A symbol's bars as raw column pointers for the backtest loop. Reading through a
/// `BarSeries` (a struct of arrays) in the loop copies it, and every copy retains and
/// releases eight arrays; raw columns cost nothing per read. Copied once per run.
struct BarColumns {
    let count: Int
    let times: UnsafeMutablePointer<Int64>
    /// Trading day of each bar (days since 1970): the UTC date for daily bars, the
    /// exchange's local date for intraday bars. Today's drawdown resets when it changes.
    let days: UnsafeMutablePointer<Int64>
    let open: UnsafeMutablePointer<Double>
    let high: UnsafeMutablePointer<Double>
    let low: UnsafeMutablePointer<Double>
    let close: UnsafeMutablePointer<Double>
    let volume: UnsafeMutablePointer<Double>

    init(_ s: BarSeries, upTo end: Int) {
        count = end
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(end, 1))
            a.withUnsafeBufferPointer { p.initialize(from: $0.baseAddress!, count: end) }
            return p
        }
        times = copy(s.times)
        open = copy(s.open)
        high = copy(s.high)
        low = copy(s.low)
        close = copy(s.close)
        volume = copy(s.volume)
        days = .allocate(capacity: max(end, 1))
        let daily = s.isDaily
        for i in 0..<end {
            let t = daily ? s.times[i] : s.times[i] + Int64(s.utcOffsets[i])
            days[i] = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        }
    }

    func deallocate() {
        for p in [open, high, low, close, volume] { p.deallocate() }
        times.deallocate()
        days.deallocate()
    }
}
