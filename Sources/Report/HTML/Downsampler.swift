/// Picks the points of a long series worth drawing: per pixel column, the lowest and the
/// highest value (in time order), plus the very first and last point. A polyline through
/// them looks the same as one through every point, but a 100,000-bar history becomes at
/// most `2 × columns + 2` points. Deterministic: ties keep the earliest index.
struct Downsampler {
    /// Pixel columns across the plot; 740 keeps a chart under ~1,500 points.
    var columns: Int = 740

    /// Indices to keep, ascending. `xs` must be non-decreasing (bar times).
    func indices(xs: [Int64], values: [Double]) -> [Int] {
        let count = min(xs.count, values.count)
        guard count > 2 * columns + 2, let first = xs.first, xs[count - 1] > first else { return Array(0..<count) }
        let span = Double(xs[count - 1] - first)
        var kept: [Int] = [0]
        kept.reserveCapacity(2 * columns + 2)
        var start = 0
        while start < count {
            let column = self.column(xs[start], first: first, span: span)
            var end = start + 1
            while end < count && self.column(xs[end], first: first, span: span) == column { end += 1 }
            var low = -1, high = -1
            for i in start..<end where values[i].isFinite {
                if low < 0 || values[i] < values[low] { low = i }
                if high < 0 || values[i] > values[high] { high = i }
            }
            for i in [min(low, high), max(low, high)] where i >= 0 && i != kept.last! { kept.append(i) }
            start = end
        }
        if kept.last! != count - 1 { kept.append(count - 1) }
        return kept
    }

    private func column(_ x: Int64, first: Int64, span: Double) -> Int {
        min(columns - 1, Int(Double(x - first) / span * Double(columns)))
    }
}
