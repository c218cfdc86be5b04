import Engine
import Vocabulary

/// The strategy's return in each calendar month of the curve: the month's last equity over
/// the previous month's last equity (the starting cash before the first month), minus one.
/// Months come from the bars' own dates (`2020-03-02`, `2020-03-02T09:30:00-05:00`), so an
/// intraday run's months are the exchange's local months.
public struct MonthlyReturn: Sendable, Equatable {
    /// `2020-03`.
    public let month: String
    public let returnPct: Double

    public static func of(times: [String], equity: [Double], startingCash: Double) -> [MonthlyReturn] {
        of(count: min(times.count, equity.count), equity: equity, startingCash: startingCash,
           sameMonth: { times[$1].hasPrefix(times[$0].prefix(7)) }, month: { String(times[$0].prefix(7)) })
    }

    /// The same from the curve's times as numbers: a point's month is its bar's local date's,
    /// so only one time per month is written out (a million-bar curve has about a hundred).
    public static func of(curve: EquityCurve, startingCash: Double) -> [MonthlyReturn] {
        guard curve.count == 0 || curve.day(0) != nil else {
            return of(times: Array(curve.timeTexts), equity: Array(curve.equity), startingCash: startingCash)
        }
        var day = Int64.min, key = 0
        let equity = curve.equity
        var keys = [Int32](repeating: 0, count: min(curve.count, equity.count))
        for i in keys.indices {
            // A bar's day changes far less often than its time: its month is looked up once a day.
            if let d = curve.day(i), d != day {
                day = d
                let date = CivilDate(days: d)
                key = date.year * 12 + date.month
            }
            keys[i] = Int32(truncatingIfNeeded: key)
        }
        return of(count: keys.count, equity: equity, startingCash: startingCash,
                  sameMonth: { keys[$0] == keys[$1] }, month: { String(curve.timeText($0).prefix(7)) })
    }

    /// Groups points `0 ..< count` into runs of one month (`sameMonth(first, i)`), named by
    /// `month(first)`.
    private static func of<Equity: RandomAccessCollection<Double>>(count: Int, equity: Equity, startingCash: Double, sameMonth: (Int, Int) -> Bool,
                           month: (Int) -> String) -> [MonthlyReturn] where Equity.Index == Int {
        var out: [MonthlyReturn] = []
        var previous = startingCash
        var i = 0
        while i < count {
            var last = i
            while last + 1 < count && sameMonth(i, last + 1) { last += 1 }
            let end = equity[last]
            out.append(MonthlyReturn(month: month(i), returnPct: previous != 0 ? (end / previous - 1) * 100 : 0))
            previous = end
            i = last + 1
        }
        return out
    }
}
