import RuleLanguage
import Vocabulary

/// One inline SVG chart: lines (optionally filled down to zero) over a shared time axis,
/// a value axis with round-number ticks, and optional buy/sell markers. The output is a
/// well-formed XML fragment with no external references; it scales with its `viewBox`.
struct LineChart {
    enum Format: String { case money, percent, price }

    struct Series {
        var name: String
        /// `s-strategy`, `s-benchmark`, `s-price`: colours live in the page's CSS.
        var cssClass: String
        var times: [Int64]
        var values: [Double]
        /// Fill between the line and zero (the underwater drawdown area).
        var area = false
    }

    struct Marker {
        /// The fill's side; its word is the marker's CSS class (`buy`, `sell`).
        var kind: Side
        var time: Int64
        var value: Double
        /// The hover text: what was filled, when, at what price, by which rule and order.
        var title: String
        /// A word the hover text ends with, e.g. why a position was closed (`stop_loss`).
        var label: String?

        var hoverText: String { label.map { "\(title): \($0)" } ?? title }
    }

    var label: String
    var format: Format
    var start: Int64
    var end: Int64
    var height: Double = 320
    var series: [Series] = []
    var markers: [Marker] = []
    /// Keep zero on the value axis (drawdowns).
    var includeZero = false
    var intraday = false
    var downsampler = Downsampler()
    /// The bar times the hover read-out knows, the same list on every chart of a page (so
    /// the cursor shows one date everywhere), with each line's value at each of them: exact
    /// values at exact times, not the nearest point a line happened to keep.
    var hoverTimes: [Int64] = []

    static let width = 1000.0
    let left = 66.0, right = 14.0, top = 12.0, bottom = 26.0
    /// Above this many markers a chart draws them as one path per side, without tooltips,
    /// and marks that would cover each other (same pixel column, within 3 pixels) once.
    static let markerTooltipLimit = 600

    func svg() -> String {
        let plotRight = Self.width - right, plotBottom = height - bottom
        let kept = series.map { downsampler.indices(xs: $0.times, values: $0.values) }
        var low = Double.infinity, high = -Double.infinity
        for (s, indices) in zip(series, kept) {
            for i in indices where s.values[i].isFinite {
                low = min(low, s.values[i])
                high = max(high, s.values[i])
            }
        }
        for m in markers where m.value.isFinite {
            low = min(low, m.value)
            high = max(high, m.value)
        }
        if includeZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        let axis = AxisTicks.values(low: low, high: high, target: height >= 280 ? 6 : 4)
        let span = Double(max(end - start, 1))
        func x(_ t: Int64) -> Double { left + Double(t - start) / span * (plotRight - left) }
        func y(_ v: Double) -> Double { plotBottom - (v - axis.lower) / (axis.upper - axis.lower) * (plotBottom - top) }
        let c = HTMLText.coordinate

        var out = "<svg class=\"chart\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\""
        out += " data-fmt=\"\(format.rawValue)\" data-x0=\"\(c(left))\" data-x1=\"\(c(plotRight))\" data-top=\"\(c(top))\" data-bottom=\"\(c(plotBottom))\""
        out += " data-t0=\"\(start)\" data-t1=\"\(end)\""
        if !hoverTimes.isEmpty { out += " data-t=\"" + hoverTimes.map(String.init).joined(separator: " ") + "\"" }
        out += intraday ? " data-intraday=\"1\">" : ">"
        out += "<title>\(HTMLText.escape(label))</title>"
        out += "<g class=\"grid\">"
        for tick in axis.ticks {
            let ty = c(y(tick))
            out += "<line x1=\"\(c(left))\" y1=\"\(ty)\" x2=\"\(c(plotRight))\" y2=\"\(ty)\"\(abs(tick) < axis.step * 1e-6 ? " class=\"zero\"" : "")/>"
            out += "<text x=\"\(c(left - 8))\" y=\"\(c(y(tick) + 4))\" class=\"ylabel\">\(HTMLText.escape(tickLabel(tick, step: axis.step)))</text>"
        }
        out += "</g><g class=\"xaxis\">"
        out += "<line x1=\"\(c(left))\" y1=\"\(c(plotBottom))\" x2=\"\(c(plotRight))\" y2=\"\(c(plotBottom))\"/>"
        for tick in AxisTicks.times(start: start, end: end) {
            let tx = c(x(tick.time))
            out += "<line x1=\"\(tx)\" y1=\"\(c(plotBottom))\" x2=\"\(tx)\" y2=\"\(c(plotBottom + 5))\"/>"
            out += "<text x=\"\(tx)\" y=\"\(c(plotBottom + 18))\">\(HTMLText.escape(tick.label))</text>"
        }
        out += "</g>"
        for (index, (s, indices)) in zip(series, kept).enumerated() where !indices.isEmpty {
            let finite = indices.filter { s.values[$0].isFinite }
            if finite.isEmpty { continue }  // an indicator still warming up at the last bar
            var points = ""
            points.reserveCapacity(finite.count * 12)
            for i in finite {
                if !points.isEmpty { points += " " }
                points += c(x(s.times[i])) + "," + c(y(s.values[i]))
            }
            if s.area, let first = finite.first, let last = finite.last {
                let base = c(y(0))
                out += "<polygon class=\"area \(s.cssClass)\" points=\"\(c(x(s.times[first]))),\(base) \(points) \(c(x(s.times[last]))),\(base)\"/>"
            }
            out += "<polyline class=\"line \(s.cssClass)\" data-i=\"\(index)\" points=\"\(points)\""
            out += " data-v=\"" + hoverTimes.map { Self.hoverValue(s, at: $0) }.joined(separator: " ") + "\"/>"
        }
        out += markerMarkup(x: x, y: y)
        out += "<line class=\"cursor\" x1=\"0\" y1=\"\(c(top))\" x2=\"0\" y2=\"\(c(plotBottom))\" visibility=\"hidden\"/>"
        return out + "</svg>"
    }

    /// The line's value at bar time `t`, or `-` when it has none there (no bar, warm-up).
    private static func hoverValue(_ s: Series, at t: Int64) -> String {
        let i = s.times.boundary { $0 >= t }
        guard i < s.times.count, i < s.values.count, s.times[i] == t, s.values[i].isFinite else { return "-" }
        return Money.number(s.values[i], places: 4)
    }

    private func tickLabel(_ value: Double, step: Double) -> String {
        switch format {
        case .money: return AxisTicks.moneyLabel(value, step: step)
        case .percent: return AxisTicks.percentLabel(value)
        case .price: return "$" + HTMLText.fixed(value, step < 0.1 ? 2 : step < 1 ? 1 : 0)
        }
    }

    /// Buy ▲ below the fill price, sell ▼ above it, tip on the price; a short sale (▼) and a
    /// cover (▲) are drawn hollow in the same colours, so a short's marks stand apart.
    private func markerMarkup(x: (Int64) -> Double, y: (Double) -> Double) -> String {
        guard !markers.isEmpty else { return "" }
        let c = HTMLText.coordinate
        // Dense marks are smaller, so the line under thousands of them still shows.
        let dense = markers.count > Self.markerTooltipLimit
        let half = dense ? "3" : "5", rise = dense ? "5" : "9", base = dense ? "h-6z" : "h-10z"
        func shape(_ m: Marker) -> String {
            let mx = c(x(m.time)), my = y(m.value)
            return m.kind.addsShares ? "M\(mx) \(c(my + 2))l\(half) \(rise)\(base)" : "M\(mx) \(c(my - 2))l\(half) -\(rise)\(base)"
        }
        var out = "<g class=\"markers\">"
        if !dense {
            for m in markers {
                out += "<path class=\"\(m.kind.rawValue)\" d=\"\(shape(m))\"><title>\(HTMLText.escape(m.hoverText))</title></path>"
            }
        } else {
            for kind in Side.allCases {
                var drawn = Set<Int64>(), path = ""
                for m in markers where m.kind == kind {
                    if drawn.insert(Self.pixel(x(m.time)) << 32 | Self.pixel(y(m.value) / 3) & 0xFFFF_FFFF).inserted { path += shape(m) }
                }
                if !path.isEmpty { out += "<path class=\"\(kind.rawValue) dense\" d=\"\(path)\"/>" }
            }
        }
        return out + "</g>"
    }

    /// The whole pixel a coordinate falls in; 0 for one that is not a number or far off the chart.
    private static func pixel(_ v: Double) -> Int64 { v.isFinite && abs(v) < 1e9 ? Int64(v.rounded(.down)) : 0 }
}
