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
    let days: TradingDays
    /// The same days as a column, for a strategy that reads its bars' session (`vwap`);
    /// nil otherwise (`BarPointers.days`).
    let sessions: UnsafeMutablePointer<Int64>?
    let open: UnsafeMutablePointer<Double>
    let high: UnsafeMutablePointer<Double>
    let low: UnsafeMutablePointer<Double>
    let close: UnsafeMutablePointer<Double>
    let volume: UnsafeMutablePointer<Double>
    /// The columns made here as `ZeroColumn`s because the series was loaded without them.
    private let zeros: [UnsafeMutablePointer<Double>]
    /// Every bar is on a trading day of its own (daily bars), so each one starts a day.
    let everyBarStartsADay: Bool
    /// UTC offset of each bar for intraday bars; nil for daily bars.
    let offsets: UnsafeMutablePointer<Int32>?
    /// The bars are the series' own memory, lent for a while: only `sessions` and the
    /// `zeros` are ours to free.
    let borrowed: Bool

    /// The first `end` bars of `s`, copied; `sessions`: also keep the days as a column.
    init(_ s: BarSeries, upTo end: Int, sessions: Bool) {
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(end, 1))
            a.withUnsafeBufferPointer { p.initialize(from: $0.baseAddress!, count: end) }
            return p
        }
        /// A field the series was loaded without (`BarLoader.load(keeping:)`) is not copied.
        func field(_ a: [Double]) -> UnsafeMutablePointer<Double>? { a.count < end ? nil : copy(a) }
        self.init(s, upTo: end, times: copy(s.times), open: copy(s.open), high: field(s.high), low: field(s.low),
                  close: copy(s.close), volume: field(s.volume),
                  offsets: s.isDaily ? nil : copy(s.utcOffsets), borrowed: false, sessions: sessions)
    }

    /// The first `end` bars of `s` in the given columns (copies, or `s`'s own arrays lent).
    /// A field the series was loaded without (nothing in the run reads it: nil here) gets a
    /// column of zeros that takes no memory (`ZeroColumn`), for the bar-by-bar loop, which
    /// hands every field to the strategy.
    init(_ s: BarSeries, upTo end: Int, times: UnsafeMutablePointer<Int64>, open: UnsafeMutablePointer<Double>,
         high: UnsafeMutablePointer<Double>?, low: UnsafeMutablePointer<Double>?, close: UnsafeMutablePointer<Double>,
         volume: UnsafeMutablePointer<Double>?, offsets: UnsafeMutablePointer<Int32>?, borrowed: Bool, sessions: Bool) {
        count = end
        self.times = times
        self.open = open
        self.close = close
        var zeros: [UnsafeMutablePointer<Double>] = []
        func orZeros(_ p: UnsafeMutablePointer<Double>?) -> UnsafeMutablePointer<Double> {
            if let p { return p }
            let zero = ZeroColumn.allocate(count: end)
            zeros.append(zero)
            return zero
        }
        self.high = orZeros(high)
        self.low = orZeros(low)
        self.volume = orZeros(volume)
        self.zeros = zeros
        self.offsets = offsets
        self.borrowed = borrowed
        let days = TradingDays(times: UnsafePointer(times), offsets: offsets.map { UnsafePointer($0) })
        self.days = days
        var distinct = true
        if end > 1 {
            var previous = days[0]
            for i in 1..<end {
                let day = days[i]
                if day == previous { distinct = false; break }
                previous = day
            }
        }
        everyBarStartsADay = distinct
        self.sessions = sessions ? days.column(count: end) : nil
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
        sessions?.deallocate()
        for p in zeros { ZeroColumn.deallocate(p, count: count) }
        guard !borrowed else { return }
        for p in [open, high, low, close, volume] where !zeros.contains(p) { p.deallocate() }
        times.deallocate()
        offsets?.deallocate()
    }
}
