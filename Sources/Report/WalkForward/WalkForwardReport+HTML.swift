import RuleLanguage
import Vocabulary

/// The `--html` page of a walk-forward: self-contained (inline CSS, SVG and the report's
/// hover script), the stitched out-of-sample equity against the benchmark drawn by the
/// report's own `LineChart`, and the window table.
extension WalkForwardReport {
    public func html() -> String {
        let h = header
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"generator\" content=\"algobot\"/>"
        out += "<title>\(HTMLText.escape("walk-forward · \(h.strategy) · \(h.symbols.joined(separator: ", "))"))</title>"
        out += "<style>\n\(ReportStyle.css)\n</style></head>\n<body><main>\n"
        out += "<header><p class=\"eyebrow\">Walk-forward</p><h1>\(HTMLText.escape(h.strategy))</h1>"
        let mode = h.anchored ? "anchored" : "rolling", symbols = h.symbols.joined(separator: ", ")
        let sub = "policy \(h.policy) · \(symbols) · train \(h.train) (\(mode)) · test \(h.test) · best by \(h.metric) of "
            + "\(Money.grouped(Int64(h.combinations))) combinations"
        out += "<p class=\"sub\">\(HTMLText.escape(sub))</p></header>\n"
        out += "<section>" + summaryLines().map { "<p>\(HTMLText.escape($0))</p>" }.joined() + "</section>\n"
        if let start = times.first, let end = times.last {
            out += "<section><h2>Out-of-sample equity\(benchmark == nil ? "" : " vs benchmark")</h2>\(equityFigure(start: start, end: end))</section>\n"
        }
        out += "<section><h2>Windows</h2>\(windowTable())</section>\n"
        out += "</main>\n<script>//<![CDATA[\n\(HoverScript.js)\n//]]></script>\n</body></html>\n"
        return out
    }

    private func equityFigure(start: Int64, end: Int64) -> String {
        var chart = LineChart(label: "Out-of-sample equity of \(header.strategy) and the benchmark", format: .money, start: start, end: end,
                              height: 340, intraday: !BacktestReport.dailyTimeframes.contains(header.timeframe))
        chart.hoverTimes = Downsampler().indices(xs: times, values: equity).map { times[$0] }
        chart.series.append(.init(name: header.strategy, cssClass: "s-strategy", times: times, values: equity))
        var legend = [ChartLegend.Item(cssClass: "k-strategy", name: "\(header.strategy) out of sample", value: HTMLText.money(metrics.finalEquity))]
        if let b = benchmark {
            chart.series.append(.init(name: b.symbol, cssClass: "s-benchmark", times: b.times, values: b.equity))
            legend.append(.init(cssClass: "k-benchmark", name: "\(b.symbol) buy & hold", value: HTMLText.money(b.finalEquity)))
        }
        return ChartLegend(items: legend, when: period?.last ?? "").figure(chart.svg())
    }

    private func windowTable() -> String {
        let h = header, metric = h.metric
        var out = "<div class=\"scroll\"><table><thead><tr><th class=\"n\">window</th><th>train</th><th>test</th>"
        out += h.params.map { "<th class=\"n\">\(HTMLText.escape($0.name))</th>" }.joined()
        out += "<th class=\"n\">\(HTMLText.escape("in-sample \(metric)"))</th><th class=\"n\">\(HTMLText.escape("out-of-sample \(metric)"))</th>"
        out += "<th class=\"n\">return</th><th class=\"n\">max dd</th><th class=\"n\">trades</th><th class=\"n\">equity at the end</th></tr></thead><tbody>"
        for (n, w) in windows.enumerated() {
            let o = w.testRun
            let cells = [Self.figureText(metric, w.inSample(metric)), Self.figureText(metric, w.outOfSample(metric)),
                         HTMLText.percent(o.figure("total_return_pct")), HTMLText.percent(o.figure("max_drawdown_pct").map { -$0 }),
                         Self.tradesText(o), HTMLText.money(o.figure("final_equity"))]
            out += "<tr><td class=\"n\">\(n + 1)</td><td class=\"d\">\(HTMLText.escape("\(w.train.first) … \(w.train.last)"))</td>"
            out += "<td class=\"d\">\(HTMLText.escape("\(w.test.first) … \(w.test.last)"))</td>"
            out += w.params.map { "<td class=\"n\">\(HTMLText.escape(Expr.format($0)))</td>" }.joined()
            out += cells.map { "<td class=\"n\">\(HTMLText.escape($0))</td>" }.joined() + "</tr>"
        }
        return out + "</tbody></table></div>\n"
    }
}
