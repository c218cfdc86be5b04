import MarketData
import RuleLanguage
import Vocabulary

/// The column of each `StrategyInput` for one symbol's bars, worked out once before a run
/// so the per-bar loop only copies numbers (the time zone is never asked per bar in a
/// kernel). The backtest (`PreparedBars`), `algobot eval`, rule coverage and the report's
/// indicators read their inputs here; the live runner asks `value` a bar at a time.
package enum InputColumns {
    /// `input`'s value on each of `series`' first `count` bars (NaN where there is none).
    /// `references`: the bars of the other symbols the inputs read (`SPY.close`), by symbol.
    package static func column(_ input: StrategyInput, of series: BarSeries, count: Int? = nil,
                               references: [String: BarSeries] = [:]) -> [Double] {
        let n = count ?? series.count
        switch input {
        case .calendar:
            return (0..<n).map { value(input, time: series.times[$0], daily: series.isDaily) }
        case .reference(let symbol, let own):
            guard let other = references[symbol] else { return [Double](repeating: .nan, count: n) }
            // The same compiler and kernels as a strategy on `other` (`algobot eval`'s program).
            let values = EvalProgram([own]).run(open: other.open, high: other.high, low: other.low, close: other.close,
                                                volume: other.volume, sessions: nil, cash: 0)[0]
            return aligned(times: other.times, values: values, to: series.times.prefix(n))
        }
    }

    /// One column per input, in the given order.
    package static func columns(_ inputs: [StrategyInput], of series: BarSeries, count: Int? = nil,
                                references: [String: BarSeries] = [:]) -> [[Double]] {
        inputs.map { column($0, of: series, count: count, references: references) }
    }

    /// `values` (one per bar at `otherTimes`) at exactly each of `times`, NaN where the other
    /// symbol has no bar at that time (a missing day, other hours): nothing is carried over
    /// from an earlier bar, so a condition reading it is false there. Both are in time order.
    static func aligned(times otherTimes: [Int64], values: [Double], to times: ArraySlice<Int64>) -> [Double] {
        var out = [Double](repeating: .nan, count: times.count)
        var j = 0
        for (k, t) in times.enumerated() {
            while j < otherTimes.count && otherTimes[j] < t { j += 1 }
            if j < otherTimes.count && otherTimes[j] == t { out[k] = values[j] }
        }
        return out
    }

    /// A calendar input's value on a bar that starts at `time` (seconds since 1970 UTC; a
    /// daily bar's is 00:00 UTC of its trading date). Another symbol's value is not known
    /// from the time alone: NaN (the live runner keeps those, `ReferenceValues`).
    package static func value(_ input: StrategyInput, time: Int64, daily: Bool) -> Double {
        switch input {
        case .calendar(let value): return value.value(localSeconds: localSeconds(time: time, daily: daily))
        case .reference: return .nan
        }
    }

    /// A bar's start on the New York wall clock (seconds since 1970-01-01T00:00 local).
    /// A daily bar's time is 00:00 UTC of its trading date (no time of day): that date at
    /// 00:00, so `hour` and `minute` are 0 on daily bars. An intraday bar's instant is read
    /// through `NewYorkTime`, whatever offset its file was written with.
    static func localSeconds(time t: Int64, daily: Bool) -> Int64 {
        if daily { return CivilDate.day(containing: t) * CivilDate.secondsPerDay }
        return t + Int64(NewYorkTime.offset(utc: t))
    }
}
