import MarketData
import Vocabulary

/// The bars being replayed, merged into one timeline of steps. Step `i` is the moment the bar
/// starting at `steps[i]` has completed: its close is known, it is visible through the data API,
/// and orders submitted now fill at each symbol's next bar open.
struct SimTimeline: Sendable {
    /// One series per symbol, sorted by symbol (the data API lists symbols in this order).
    let series: [BarSeries]
    let seriesIndex: [String: Int]
    let isDaily: Bool
    /// Length of an intraday bar (smallest gap between bars of one symbol); a day for daily bars.
    let barSeconds: Int64
    /// Distinct bar start times of all symbols (`BarSeries.times`), ascending.
    let steps: [Int64]
    /// New York dates that have bars, ascending.
    let tradingDates: [Int64]

    init(series input: [BarSeries]) throws {
        let nonEmpty = input.filter { $0.count > 0 }
        guard !nonEmpty.isEmpty else { throw SimulatorError.noBars }
        let daily = nonEmpty.filter(\.isDaily).map(\.symbol)
        let intraday = nonEmpty.filter { !$0.isDaily }.map(\.symbol)
        guard daily.isEmpty || intraday.isEmpty else { throw SimulatorError.mixedBarKinds(daily: daily, intraday: intraday) }
        let sorted = nonEmpty.sorted { $0.symbol < $1.symbol }
        var lookup: [String: Int] = [:]
        for (index, bars) in sorted.enumerated() {
            guard lookup[bars.symbol] == nil else { throw SimulatorError.duplicateSymbol(bars.symbol) }
            lookup[bars.symbol] = index
        }
        series = sorted
        seriesIndex = lookup
        isDaily = intraday.isEmpty
        var gap = Int64.max
        if !isDaily {
            for bars in sorted where bars.count > 1 {
                for i in 1..<bars.count where bars.times[i] > bars.times[i - 1] { gap = min(gap, bars.times[i] - bars.times[i - 1]) }
            }
        }
        barSeconds = isDaily ? 86400 : (gap == Int64.max ? 60 : gap)
        steps = Array(Set(sorted.flatMap(\.times))).sorted()
        let dailyBars = isDaily
        tradingDates = Array(Set(steps.map { dailyBars ? CivilDate.day(containing: $0) : NewYorkTime.localDate(utc: $0) })).sorted()
    }

    var lastStep: Int { steps.count - 1 }

    /// New York trading date of a bar start time.
    func date(ofBarTime time: Int64) -> Int64 {
        isDaily ? CivilDate.day(containing: time) : NewYorkTime.localDate(utc: time)
    }

    func date(ofStep step: Int) -> Int64 { date(ofBarTime: steps[step]) }

    /// The simulated "now" at a step, in seconds: the close of the bar (16:00 New York for daily bars).
    func stepEnd(_ step: Int) -> Int64 {
        isDaily ? NewYorkTime.sessionClose(localDate: date(ofStep: step)) : steps[step] + barSeconds
    }

    /// When a bar opens, in seconds: 09:30 New York for a daily bar, the bar start otherwise.
    func openInstant(ofBarTime time: Int64) -> Int64 {
        isDaily ? NewYorkTime.sessionOpen(localDate: date(ofBarTime: time)) : time
    }

    /// The `t` Alpaca writes for a bar: daily bars are stamped at New York midnight.
    func labelTime(ofBarTime time: Int64) -> Int64 {
        isDaily ? NewYorkTime.instant(localDate: date(ofBarTime: time), secondOfDay: 0) : time
    }

    /// Market orders fill only at bars that open in regular hours (09:30–16:00 New York).
    func isRegularHours(barTime time: Int64) -> Bool {
        if isDaily { return true }
        let second = NewYorkTime.secondOfDay(utc: time)
        return second >= NewYorkTime.sessionOpenSeconds && second < NewYorkTime.sessionCloseSeconds
    }

    /// How many bars of a series are visible at a step (their start is at or before the step).
    func visibleCount(series index: Int, step: Int) -> Int {
        upperBound(series[index].times, steps[step])
    }

    /// How many bars of a series start at or before an instant given in bar-time terms.
    func countAtOrBefore(series index: Int, barTime: Int64) -> Int {
        upperBound(series[index].times, barTime)
    }

    /// The bar of a series that starts exactly at a step, if the symbol traded then.
    func bar(series index: Int, atStep step: Int) -> Int? {
        let times = series[index].times
        let position = upperBound(times, steps[step]) - 1
        return position >= 0 && times[position] == steps[step] ? position : nil
    }

    func isTradingDate(_ date: Int64) -> Bool {
        let position = upperBound(tradingDates, date) - 1
        return position >= 0 && tradingDates[position] == date
    }

    /// The next date with bars, or the next weekday once the bars run out.
    func nextTradingDate(after date: Int64) -> Int64 {
        let position = upperBound(tradingDates, date)
        if position < tradingDates.count { return tradingDates[position] }
        return CivilDate.nextWeekday(after: max(date, tradingDates.last ?? date))
    }

    /// The step the clock starts at.
    func startStep(_ clock: ClockConfig) throws -> Int {
        if let text = clock.startDate {
            guard let micros = TimeText.parse(text), text.count == 10 else {
                throw SimulatorError.startOutOfRange("startDate '\(text)' is not a YYYY-MM-DD date")
            }
            let wanted = NewYorkTime.localDate(utc: micros / TimeText.microsPerSecond + 43200)
            guard let step = steps.indices.first(where: { date(ofStep: $0) >= wanted }) else {
                throw SimulatorError.startOutOfRange("no bars on or after \(text); the last bar is \(ISOTimestamp.dateText(day: date(ofStep: lastStep)))")
            }
            return step
        }
        guard clock.startIndex >= 0, clock.startIndex < steps.count else {
            throw SimulatorError.startOutOfRange("startIndex \(clock.startIndex) is not between 0 and \(lastStep)")
        }
        return clock.startIndex
    }

    /// Index of the first element greater than `value` in an ascending array.
    func upperBound(_ values: [Int64], _ value: Int64) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
