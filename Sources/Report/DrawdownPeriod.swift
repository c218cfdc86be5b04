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
    public static func worst(_ equity: [Double], limit: Int = 5) -> [DrawdownPeriod] {
        var periods: [DrawdownPeriod] = []
        var peak = 0, trough = 0, inside = false
        for (i, e) in equity.enumerated() {
            if e >= equity[peak] {
                if inside { periods.append(period(equity, peak, trough, recovery: i)) }
                inside = false
                peak = i
                trough = i
            } else {
                inside = true
                if e < equity[trough] { trough = i }
            }
        }
        if inside { periods.append(period(equity, peak, trough, recovery: nil)) }
        let ranked = periods.enumerated().sorted { a, b in
            a.element.depthPct != b.element.depthPct ? a.element.depthPct > b.element.depthPct : a.offset < b.offset
        }
        return ranked.prefix(limit).map(\.element)
    }

    private static func period(_ equity: [Double], _ peak: Int, _ trough: Int, recovery: Int?) -> DrawdownPeriod {
        let top = equity[peak]
        return DrawdownPeriod(peak: peak, trough: trough, recovery: recovery,
                              depthPct: top > 0 ? (top - equity[trough]) / top * 100 : 0)
    }
}
