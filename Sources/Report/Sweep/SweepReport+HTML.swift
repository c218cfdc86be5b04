import RuleLanguage
import Vocabulary

/// The `--html` page of a sweep: self-contained (inline CSS and SVG), the top table, and a
/// heatmap of the metric over the first two params (the others held at the best's values)
/// with the best and its neighbours marked, so a lone peak shows as one.
extension SweepReport {
    public func html() -> String {
        let h = header
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"generator\" content=\"algobot\"/>"
        out += "<title>\(HTMLText.escape("sweep · \(h.strategy) · \(h.symbols.joined(separator: ", "))"))</title>"
        out += "<style>\n\(ReportStyle.css)\n</style></head>\n<body><main>\n"
        out += "<h1>Sweep: \(HTMLText.escape(h.strategy))</h1>\n"
        out += "<pre>\(HTMLText.escape(text()))</pre>\n"
        if h.params.count >= 2, let best {
            out += "<section><h2>\(HTMLText.escape("\(h.metric) by \(h.params[0].name) and \(h.params[1].name)"))</h2>\n"
            if h.params.count > 2 {
                let held = best.params.dropFirst(2).map { "\($0.name)=\(Expr.format($0.value))" }.joined(separator: ", ")
                out += "<p class=\"note\">\(HTMLText.escape("Other params held at the best's values: \(held)."))</p>\n"
            }
            out += heatmap(best: best) + "</section>\n"
        }
        out += "</main></body></html>\n"
        return out
    }

    private func heatmap(best: SweepRecordView) -> String {
        let h = header
        let xs = h.params[1].values, ys = h.params[0].values
        let held = Array(best.record.values.dropFirst(2))
        var cells: [[Double?]] = Array(repeating: Array(repeating: nil, count: xs.count), count: ys.count)
        var present: [[Bool]] = Array(repeating: Array(repeating: false, count: xs.count), count: ys.count)
        for r in records where Array(r.values.dropFirst(2)) == held {
            guard let y = ys.firstIndex(of: r.values[0]), let x = xs.firstIndex(of: r.values[1]) else { continue }
            cells[y][x] = r.figure(h.metric)
            present[y][x] = true
        }
        let known = cells.flatMap { $0 }.compactMap { $0 }
        let low = known.min() ?? 0, high = known.max() ?? 1
        let cell = max(3.0, min(24.0, 640.0 / Double(max(xs.count, ys.count))))
        let left = 56.0, top = 8.0, bottom = 40.0
        let width = left + cell * Double(xs.count) + 8, height = top + cell * Double(ys.count) + bottom
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(HTMLText.coordinate(width)) \(HTMLText.coordinate(height))\" "
            + "width=\"\(HTMLText.coordinate(width))\" height=\"\(HTMLText.coordinate(height))\" role=\"img\">\n"
        let up = !SweepRanking.ascending(h.metric)
        for y in ys.indices {
            for x in xs.indices where present[y][x] {
                let value = cells[y][x]
                let share = value.map { high > low ? ($0 - low) / (high - low) : 1 } ?? 0
                let good = up ? share : 1 - share
                let fill = value == nil ? "#dddddd" : Self.colour(good)
                let label = "\(h.params[0].name)=\(Expr.format(ys[y])) \(h.params[1].name)=\(Expr.format(xs[x])): "
                    + (value.map { Expr.format($0) } ?? "none")
                svg += "<rect x=\"\(HTMLText.coordinate(left + Double(x) * cell))\" y=\"\(HTMLText.coordinate(top + Double(y) * cell))\" "
                    + "width=\"\(HTMLText.coordinate(cell))\" height=\"\(HTMLText.coordinate(cell))\" fill=\"\(fill)\">"
                    + "<title>\(HTMLText.escape(label))</title></rect>\n"
            }
        }
        if let by = ys.firstIndex(of: best.record.values[0]), let bx = xs.firstIndex(of: best.record.values[1]) {
            svg += "<rect x=\"\(HTMLText.coordinate(left + Double(bx - 1) * cell))\" y=\"\(HTMLText.coordinate(top + Double(by - 1) * cell))\" "
                + "width=\"\(HTMLText.coordinate(cell * 3))\" height=\"\(HTMLText.coordinate(cell * 3))\" fill=\"none\" stroke=\"#000\" stroke-dasharray=\"3 2\"/>\n"
            svg += "<rect x=\"\(HTMLText.coordinate(left + Double(bx) * cell))\" y=\"\(HTMLText.coordinate(top + Double(by) * cell))\" "
                + "width=\"\(HTMLText.coordinate(cell))\" height=\"\(HTMLText.coordinate(cell))\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>\n"
        }
        let axisY = top + cell * Double(ys.count)
        svg += "<text x=\"\(HTMLText.coordinate(left))\" y=\"\(HTMLText.coordinate(axisY + 14))\" font-size=\"11\">\(HTMLText.escape(Expr.format(xs.first ?? 0)))</text>\n"
        svg += "<text x=\"\(HTMLText.coordinate(left + cell * Double(xs.count)))\" y=\"\(HTMLText.coordinate(axisY + 14))\" font-size=\"11\" text-anchor=\"end\">"
            + "\(HTMLText.escape(Expr.format(xs.last ?? 0)))</text>\n"
        svg += "<text x=\"\(HTMLText.coordinate(left + cell * Double(xs.count) / 2))\" y=\"\(HTMLText.coordinate(axisY + 30))\" font-size=\"12\" text-anchor=\"middle\">"
            + "\(HTMLText.escape(h.params[1].name)) →</text>\n"
        svg += "<text x=\"4\" y=\"\(HTMLText.coordinate(top + 10))\" font-size=\"11\">\(HTMLText.escape(Expr.format(ys.first ?? 0)))</text>\n"
        svg += "<text x=\"4\" y=\"\(HTMLText.coordinate(axisY))\" font-size=\"11\">\(HTMLText.escape(Expr.format(ys.last ?? 0)))</text>\n"
        svg += "<text x=\"4\" y=\"\(HTMLText.coordinate(top + cell * Double(ys.count) / 2))\" font-size=\"12\">\(HTMLText.escape(h.params[0].name)) ↓</text>\n"
        svg += "</svg>\n"
        let median = neighbours.median.map { Money.number($0, places: 4) } ?? "none"
        let note = "Best marked with a solid square, its \(neighbours.count) neighbours inside the dashed one (median \(h.metric) \(median)). "
            + "Darker green is better; grey: no value. A lone dark cell among pale ones is luck, a dark region is a pattern."
        return "<figure>\(svg)<figcaption>\(HTMLText.escape(note))</figcaption></figure>\n"
    }

    /// Pale yellow (worst) to dark green (best), `share` from 0 to 1.
    static func colour(_ share: Double) -> String {
        let s = min(max(share, 0), 1)
        let from = (255.0, 247.0, 188.0), to = (0.0, 104.0, 55.0)
        func channel(_ a: Double, _ b: Double) -> String {
            let v = Int((a + (b - a) * s).rounded())
            let hex = String(v, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(from.0, to.0) + channel(from.1, to.1) + channel(from.2, to.2)
    }
}
