/// One stretch below a running peak of the equity curve: from the peak, down to the trough,
/// back up to the peak's level (or not, by the last bar).
public struct DrawdownPeriod: Sendable, Equatable {
    /// Curve indexes: the peak, the lowest point after it, the first point back at the
    /// peak's level (nil: not recovered by the end).
    public let peak: Int
    public let trough: Int
    public let recovery: Int?
    /// (peak − trough) / peak × 100.
    public let depthPct: Double

    /// The `limit` deepest periods, deepest first (an earlier one first when equally deep).
    public static func worst<Equity: Sequence<Double>>(_ equity: Equity, limit: Int = 5) -> [DrawdownPeriod] {
        var periods: [DrawdownPeriod] = []
        // The peak's and the trough's values are kept beside their points: a curve kept as
        // stretches is read once, in order.
        var peak = 0, trough = 0, inside = false
        var top = 0.0, low = 0.0
        for (i, e) in equity.enumerated() {
            if i == 0 {
                top = e
                low = e
            }
            if e >= top {
                if inside { periods.append(period(top, low, peak, trough, recovery: i)) }
                inside = false
                peak = i
                trough = i
                top = e
                low = e
            } else {
                inside = true
                if e < low {
                    trough = i
                    low = e
                }
            }
        }
        if inside { periods.append(period(top, low, peak, trough, recovery: nil)) }
        let ranked = periods.enumerated().sorted { a, b in
            a.element.depthPct != b.element.depthPct ? a.element.depthPct > b.element.depthPct : a.offset < b.offset
        }
        return ranked.prefix(limit).map(\.element)
    }

    private static func period(_ top: Double, _ low: Double, _ peak: Int, _ trough: Int, recovery: Int?) -> DrawdownPeriod {
        DrawdownPeriod(peak: peak, trough: trough, recovery: recovery, depthPct: top > 0 ? (top - low) / top * 100 : 0)
    }
}
