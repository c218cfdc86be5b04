import Vocabulary

/// Round-number ticks for chart axes: values at 1, 2, 2.5 or 5 × 10ⁿ steps, times at whole
/// years, months, days or hours, whichever gives a readable count.
enum AxisTicks {
    struct Values {
        let lower: Double
        let upper: Double
        let step: Double
        var ticks: [Double] {
            let steps = ((upper - lower) / step).rounded()
            let n = steps.isFinite ? Int(min(steps, 1_000)) : 0   // `values` aims at a handful
            return (0...max(n, 0)).map { lower + Double($0) * step }
        }
    }

    /// A "nice" range covering `low...high` with about `target` steps.
    static func values(low: Double, high: Double, target: Int = 5) -> Values {
        var low = low.isFinite ? low : 0, high = high.isFinite ? high : 1
        if high - low < 1e-9 * max(1, abs(high)) {
            let pad = max(abs(high) * 0.05, 1)
            low -= pad
            high += pad
        }
        let raw = (high - low) / Double(max(target, 1))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let lower = (low / step + 1e-9).rounded(.down) * step
        let upper = (high / step - 1e-9).rounded(.up) * step
        return Values(lower: lower, upper: upper, step: step)
    }

    /// Axis label for money: `$25k`, `$1.5M`, `$950`.
    static func moneyLabel(_ value: Double, step: Double) -> String {
        let sign = value < -1e-9 ? "-" : ""
        let a = abs(value)
        if a < 1e-9 { return "$0" }
        if step >= 100_000 || a >= 10_000_000 { return sign + "$" + Money.number(a / 1_000_000, places: 3) + "M" }
        if step >= 100 || a >= 10_000 { return sign + "$" + Money.number(a / 1_000, places: 3) + "k" }
        return sign + "$" + Money.number(a, places: step < 1 ? 2 : 0)
    }

    /// Axis label for percentages: `-20%`, `-2.5%`.
    static func percentLabel(_ value: Double) -> String {
        let text = Money.number(value, places: 2)
        return (text == "-0" ? "0" : text) + "%"
    }

    /// Ticks inside `start...end` (UTC seconds) with labels, at most about `maxTicks`.
    static func times(start: Int64, end: Int64, maxTicks: Int = 10) -> [(time: Int64, label: String)] {
        guard end > start else { return [(start, ISOTimestamp.dateText(utc: start))] }
        let day: Int64 = 86_400
        let days = Double(end - start) / Double(day)
        let first = CivilDate(days: CivilDate.day(containing: start)), last = CivilDate(days: CivilDate.day(containing: end))
        if days >= 3 * 365 {
            let step = [1, 2, 5, 10, 25, 50, 100].first { Double(last.year - first.year) / Double($0) <= Double(maxTicks) } ?? 100
            return stride(from: ceilMultiple(first.year, step), through: last.year, by: step).compactMap { year in
                let t = CivilDate.days(year: year, month: 1, day: 1) * day
                return t >= start && t <= end ? (t, String(year)) : nil
            }
        }
        if days >= 60 {
            let months = (last.year - first.year) * 12 + last.month - first.month
            let step = [1, 2, 3, 6].first { Double(months) / Double($0) <= Double(maxTicks) } ?? 6
            var ticks: [(Int64, String)] = []
            for index in (first.year * 12 + first.month - 1)...(last.year * 12 + last.month - 1) where index % 12 % step == 0 {
                let t = CivilDate.days(year: index / 12, month: index % 12 + 1, day: 1) * day
                if t >= start && t <= end { ticks.append((t, monthNames[index % 12] + " " + String(index / 12))) }
            }
            return ticks
        }
        if days >= 2 {
            let step = Int64([1, 2, 7, 14].first { days / Double($0) <= Double(maxTicks) } ?? 14)
            return stride(from: CivilDate.day(containing: start) + 1, through: CivilDate.day(containing: end), by: Int(step)).map { d in
                let date = CivilDate(days: d)
                return (d * day, monthNames[date.month - 1] + " " + String(date.day))
            }
        }
        let hours = Double(end - start) / 3600
        let step = Int64([1, 2, 3, 6, 12].first { hours / Double($0) <= Double(maxTicks) } ?? 12) * 3600
        return stride(from: (CivilDate.floorDiv(start, step) + 1) * step, through: end, by: Int(step)).map { t in
            let text = ISOTimestamp.utcText(t)
            return (t, String(text.dropFirst(11).prefix(5)) + " UTC")
        }
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func ceilMultiple(_ a: Int, _ m: Int) -> Int { a % m == 0 ? a : a + (m - a % m) % m }
}
