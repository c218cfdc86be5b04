import MarketData
import Vocabulary

/// A symbol's bars as raw column pointers for the backtest loop. Reading through a
/// `BarSeries` (a struct of arrays) in the loop copies it, and every copy retains and
/// releases eight arrays; raw columns cost nothing per read. Copied once per run, or lent
/// by the series for one backtest (`PreparedBars.borrowing`).
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
    /// Every bar is on a trading day of its own (daily bars), so each one starts a day.
    let everyBarStartsADay: Bool
    /// UTC offset of each bar for intraday bars; nil for daily bars.
    let offsets: UnsafeMutablePointer<Int32>?
    /// The bars are the series' own memory, lent for a while: only `days` is ours to free.
    let borrowed: Bool

    /// The first `end` bars of `s`, copied.
    init(_ s: BarSeries, upTo end: Int) {
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(end, 1))
            a.withUnsafeBufferPointer { p.initialize(from: $0.baseAddress!, count: end) }
            return p
        }
        self.init(s, upTo: end, times: copy(s.times), open: copy(s.open), high: copy(s.high), low: copy(s.low),
                  close: copy(s.close), volume: copy(s.volume), offsets: s.isDaily ? nil : copy(s.utcOffsets), borrowed: false)
    }

    /// The first `end` bars of `s` in the given columns (copies, or `s`'s own arrays lent).
    init(_ s: BarSeries, upTo end: Int, times: UnsafeMutablePointer<Int64>, open: UnsafeMutablePointer<Double>,
         high: UnsafeMutablePointer<Double>, low: UnsafeMutablePointer<Double>, close: UnsafeMutablePointer<Double>,
         volume: UnsafeMutablePointer<Double>, offsets: UnsafeMutablePointer<Int32>?, borrowed: Bool) {
        count = end
        self.times = times
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.offsets = offsets
        self.borrowed = borrowed
        days = .allocate(capacity: max(end, 1))
        var distinct = true
        for i in 0..<end {
            days[i] = s.tradingDay(i)
            if i > 0 && days[i] == days[i - 1] { distinct = false }
        }
        everyBarStartsADay = distinct
    }

    /// The first bar at or after `time` (bars are in time order), or `count`.
    func firstBar(atOrAfter time: Int64) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] >= time { high = mid } else { low = mid + 1 }
        }
        return low
    }

    func deallocate() {
        days.deallocate()
        guard !borrowed else { return }
        for p in [open, high, low, close, volume] { p.deallocate() }
        times.deallocate()
        offsets?.deallocate()
    }
}
