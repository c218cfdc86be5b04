/// The strategy's return in each calendar month of the curve: the month's last equity over
/// the previous month's last equity (the starting cash before the first month), minus one.
/// Months come from the bars' own dates (`2020-03-02`, `2020-03-02T09:30:00-05:00`), so an
/// intraday run's months are the exchange's local months.
public struct MonthlyReturn: Sendable, Equatable {
    /// `2020-03`.
    public let month: String
    public let returnPct: Double

    public static func of(times: [String], equity: [Double], startingCash: Double) -> [MonthlyReturn] {
        var out: [MonthlyReturn] = []
        var previous = startingCash
        var i = 0
        while i < min(times.count, equity.count) {
            let month = String(times[i].prefix(7))
            var last = i
            while last + 1 < min(times.count, equity.count) && times[last + 1].hasPrefix(month) { last += 1 }
            let end = equity[last]
            out.append(MonthlyReturn(month: month, returnPct: previous != 0 ? (end / previous - 1) * 100 : 0))
            previous = end
            i = last + 1
        }
        return out
    }
}
