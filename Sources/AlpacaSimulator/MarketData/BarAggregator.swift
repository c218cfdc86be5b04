import Foundation
import Vocabulary

/// One bar of the data API. `n` and `vw` are not in our CSV files, so they are derived:
/// `n` = volume / 100 rounded up (at least 1), `vw` = the typical price (h + l + c) / 3.
struct OutputBar: Equatable, Sendable {
    var t: Int64
    var o: Double
    var h: Double
    var l: Double
    var c: Double
    var v: Double
    var n: Int64
    var vw: Double

    var json: JSONValue {
        .object([
            "t": .string(TimeText.utcSeconds(t)),
            "o": .number(o), "h": .number(h), "l": .number(l), "c": .number(c),
            "v": .int(BarAggregator.wholeNumber(v)),
            "n": .int(n),
            "vw": .number((vw * 1_000_000).rounded() / 1_000_000),
        ])
    }
}

/// Builds the visible bars of one symbol for a timeframe, aggregating intraday bars when the
/// timeframe is longer than the stored one. A bucket still in progress is returned partial, as
/// Alpaca does for the current day; bars after the simulated time never appear.
enum BarAggregator {
    static func bars(_ timeline: SimTimeline, series s: Int, visibleCount: Int, timeframe: BarTimeframe,
                     start: Micros, end: Micros) -> [OutputBar] {
        let series = timeline.series[s]
        let startSeconds = TimeText.seconds(start) - (start % TimeText.microsPerSecond == 0 ? 0 : -1)
        let endSeconds = TimeText.seconds(end)
        // Buckets are labelled at their start; a bucket starts at or before its first bar, so
        // scanning from a day before `start` is enough to find every bucket that begins in range.
        let first = firstIndex(series.times, atOrAfter: startSeconds - 86400 - 1)
        var result: [OutputBar] = []
        var index = first
        while index < visibleCount {
            let label = bucketLabel(timeline, time: series.times[index], timeframe: timeframe)
            var bar = OutputBar(t: label, o: series.open[index], h: series.high[index], l: series.low[index],
                                c: series.close[index], v: series.volume[index], n: tradeCount(series.volume[index]),
                                vw: typical(series.high[index], series.low[index], series.close[index]))
            var weighted = bar.vw * bar.v
            index += 1
            while index < visibleCount, bucketLabel(timeline, time: series.times[index], timeframe: timeframe) == label {
                bar.h = max(bar.h, series.high[index])
                bar.l = min(bar.l, series.low[index])
                bar.c = series.close[index]
                bar.v += series.volume[index]
                bar.n += tradeCount(series.volume[index])
                weighted += typical(series.high[index], series.low[index], series.close[index]) * series.volume[index]
                index += 1
            }
            if bar.v > 0 { bar.vw = weighted / bar.v }
            if label > endSeconds { break }
            if label >= startSeconds { result.append(bar) }
        }
        return result
    }

    static func bucketLabel(_ timeline: SimTimeline, time: Int64, timeframe: BarTimeframe) -> Int64 {
        if timeframe.isNative(for: timeline) { return timeline.labelTime(ofBarTime: time) }
        let date = timeline.date(ofBarTime: time)
        let midnight = NewYorkTime.instant(localDate: date, secondOfDay: 0)
        guard let length = timeframe.seconds else { return midnight }
        return midnight + (time - midnight) / length * length
    }

    static func tradeCount(_ volume: Double) -> Int64 {
        max(1, wholeNumber((volume / 100).rounded(.up)))
    }

    /// `value` rounded, as an Int64 that cannot trap: the loader keeps a bar's volume at or
    /// below `BarCheck.maxVolume`, so only a sum of very many bars (or a series that did not
    /// come through the loader) could reach Int64's limit; it is clamped there, NaN is 0.
    static func wholeNumber(_ value: Double) -> Int64 {
        guard value.isFinite else { return value > 0 ? Int64.max : 0 }
        return Int64(min(max(value.rounded(), -9.2e18), 9.2e18))
    }

    static func typical(_ high: Double, _ low: Double, _ close: Double) -> Double {
        (high + low + close) / 3
    }

    static func firstIndex(_ values: [Int64], atOrAfter value: Int64) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
