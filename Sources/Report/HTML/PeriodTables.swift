import Engine
import Vocabulary

/// The monthly returns (a year × month heatmap, each year compounded at the end of its row)
/// and the worst drawdown periods with their dates and recovery.
extension BacktestReport {
    func monthlyReturnsTable() -> String {
        guard !monthlyReturns.isEmpty else { return "<p class=\"note\">No bars, so no months.</p>" }
        var years: [(year: String, months: [Double?])] = []
        for m in monthlyReturns {
            let year = String(m.month.prefix(4)), month = Int(m.month.dropFirst(5).prefix(2)) ?? 1
            if years.last?.year != year { years.append((year, Array(repeating: nil, count: 12))) }
            if (1...12).contains(month) { years[years.count - 1].months[month - 1] = m.returnPct }
        }
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out = "<table class=\"months\"><thead><tr><th>Year</th>"
        out += names.map { "<th class=\"n\">\($0)</th>" }.joined() + "<th class=\"n\">Year</th></tr></thead><tbody>"
        for row in years {
            out += "<tr><th>\(row.year)</th>"
            for value in row.months { out += Self.heatCell(value) }
            let compounded = row.months.compactMap { $0 }.reduce(1.0) { $0 * (1 + $1 / 100) }
            out += Self.heatCell((compounded - 1) * 100, strong: true) + "</tr>"
        }
        out += "</tbody></table>"
        return out + "<p class=\"note\">Each month: its last equity over the last equity of the month before "
            + "(the starting cash before the first). Green gained, red lost; the deeper the colour, the larger the move (full at 10%).</p>"
    }

    /// A cell coloured by sign and size; the colour is written with fixed decimals, so the
    /// page stays the same bytes.
    private static func heatCell(_ value: Double?, strong: Bool = false) -> String {
        guard let value, value.isFinite else { return "<td class=\"n zero\">—</td>" }
        let alpha = min(abs(value) / 10, 1) * 0.55
        let rgb = value >= 0 ? "22,163,74" : "220,38,38"
        let weight = strong ? " style=\"font-weight:600;" : " style=\""
        return "<td class=\"n\"\(weight)background:rgba(\(rgb),\(HTMLText.fixed(alpha, 3)))\">\(HTMLText.fixed(value, 1))%</td>"
    }

    func drawdownPeriodsTable() -> String {
        guard !drawdownPeriods.isEmpty else { return "<p class=\"note\">The equity never fell below a peak.</p>" }
        let texts = result.curve.timeTexts
        var out = "<table class=\"drawdowns\"><thead><tr><th>#</th><th class=\"n\">Depth</th><th>Peak</th><th>Lowest</th>"
        out += "<th>Back at the peak</th><th class=\"n\">Bars</th></tr></thead><tbody>"
        for (n, d) in drawdownPeriods.enumerated() {
            let bars = (d.recovery ?? texts.count - 1) - d.peak
            out += "<tr><td class=\"n\">\(n + 1)</td><td class=\"n neg\">\(HTMLText.percent(-d.depthPct))</td>"
            out += "<td class=\"d\">\(HTMLText.escape(texts[d.peak]))</td><td class=\"d\">\(HTMLText.escape(texts[d.trough]))</td>"
            out += "<td class=\"d\">\(d.recovery.map { HTMLText.escape(texts[$0]) } ?? "<span class=\"neg\">not yet</span>")</td>"
            out += "<td class=\"n\">\(Money.grouped(Int64(bars)))</td></tr>"
        }
        return out + "</tbody></table>"
    }
}
