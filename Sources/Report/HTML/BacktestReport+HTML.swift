import Engine
import MarketData
import RuleLanguage
import Vocabulary

/// The `--html` report: one self-contained page (inline CSS and SVG, a small optional
/// script, nothing loaded from anywhere). The markup is XHTML-compatible, so the whole page
/// also parses as XML, and the same report always renders to the same bytes.
extension BacktestReport {
    /// The page as UTF-8 text.
    ///
    /// - Parameter priceSeries: bars of the strategy's symbols (the series given to the
    ///   backtest). Each symbol gets a chart of its close with the indicators the rules
    ///   compute over price and its buys (▲) and sells (▼); symbols without a series here are
    ///   named in a note instead. Bars outside the report's period are not drawn (earlier
    ///   ones still warm up the indicators, as in the run).
    public func html(priceSeries: [BarSeries] = []) -> String {
        let r = result
        let symbols = r.symbols.joined(separator: ", ")
        let span = period.map { "\($0.first) – \($0.last)" } ?? "no bars"
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><meta name=\"generator\" content=\"algobot\"/>"
        out += "<title>\(HTMLText.escape("\(r.strategy.name) · \(r.policy.name) · \(symbols) · \(span)"))</title>"
        out += "<style>\n\(ReportStyle.css)\n</style></head>\n<body><main>\n"
        out += header(symbols: symbols, span: span)
        out += "<p class=\"verdict\" data-key=\"verdict\">\(HTMLText.escape(verdict))</p>\n"
        out += kpiCards() + "\n"
        if let note = lackOfCashNote { out += "<p class=\"note\">\(HTMLText.escape(note))</p>\n" }
        out += section("Performance", statsTable())
        if let window = chartPeriod {
            let hover = hoverTimes
            out += section(benchmark == nil ? "Equity" : "Equity vs benchmark", equityFigure(period: window, hover: hover))
            out += section("Drawdown", "<p class=\"note\">Percent below the running peak of each curve.</p>"
                + drawdownFigure(period: window, hover: hover))
            out += section("Price, indicators and fills", priceFigures(period: window, hover: hover, priceSeries: priceSeries))
            out += section("Worst drawdowns", drawdownPeriodsTable())
            out += section("Monthly returns", monthlyReturnsTable())
        }
        out += section("Policy rules", violationsTable())
        if coverage != nil { out += section("Rule coverage", coverageTables()) }
        out += section("Trades", tradesTable() + openPositionsTable(), long: true)
        out += section("Orders", ordersTable(), long: true)
        out += footer()
        out += "</main>\n<script>//<![CDATA[\n\(HoverScript.js)\n//]]></script>\n</body></html>\n"
        return out
    }

    private func header(symbols: String, span: String) -> String {
        let r = result
        var out = "<header><p class=\"eyebrow\">Backtest report</p><h1>\(HTMLText.escape(r.strategy.name))</h1>"
        out += "<p class=\"sub\">policy <b>\(HTMLText.escape(r.policy.name))</b> · <b>\(HTMLText.escape(symbols))</b> · "
        out += "\(HTMLText.escape(span)) · \(Money.grouped(Int64(r.curve.count))) bars (\(HTMLText.escape(r.strategy.timeframe)))"
        if let b = benchmark { out += " · benchmark <b>\(HTMLText.escape(b.symbol))</b>" }
        out += "</p>"
        if let description = r.strategy.description, !description.isEmpty {
            out += "<p class=\"desc\">\(HTMLText.escape(description))</p>"
        }
        return out + "</header>\n"
    }

    private func section(_ title: String, _ body: String, long: Bool = false) -> String {
        "<section\(long ? " class=\"long\"" : "")><h2>\(HTMLText.escape(title))</h2>\(body)</section>\n"
    }

    private func footer() -> String {
        let s = result.settings
        var commission = "none"
        if s.commissionPerShare > 0 || s.commissionPercent > 0 || s.commissionMinimum > 0 {
            var parts: [String] = []
            if s.commissionPerShare > 0 { parts.append("\(Money.text(s.commissionPerShare)) per share") }
            if s.commissionPercent > 0 { parts.append("\(Money.number(s.commissionPercent, places: 4))% of notional") }
            if s.commissionMinimum > 0 { parts.append("minimum \(Money.text(s.commissionMinimum))") }
            commission = parts.joined(separator: ", ")
        }
        let rows: [(String, String)] = [
            ("Strategy file", result.strategy.file), ("Policy file", result.policy.file),
            ("Starting cash", Money.text(s.startingCash)), ("Commission", commission),
            ("Slippage", "\(Money.number(s.slippageBps)) bps"), ("Fractional shares", s.fractional ? "yes" : "no"),
            ("Approvals", s.approveAll ? "all approved (--approve-all)" : "none given: orders needing approval are not executed"),
            ("Fills", "market orders decided at a bar’s close fill at the next bar’s open"),
        ] + dataNotes.map { ("Data", $0) }
        var out = "<footer><dl>"
        for (key, value) in rows { out += "<dt>\(HTMLText.escape(key))</dt><dd>\(HTMLText.escape(value))</dd>" }
        out += "</dl><p>Made by algobot from the backtest result alone: the same inputs give the same page, byte for byte.</p>"
        return out + "</footer>\n"
    }
}
