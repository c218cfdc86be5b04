import Engine

/// The headline cards and the strategy-versus-benchmark table. Each table row carries
/// the JSON summary key it shows (`data-key`), so tests and scripts can find it.
extension BacktestReport {
    func kpiCards() -> String {
        let bench = benchmark
        func card(_ key: String, _ value: String, _ cssClass: String, _ comment: String) -> String {
            "<div class=\"kpi\"><div class=\"k\">\(key)</div><div class=\"v \(cssClass)\">\(HTMLText.escape(value))</div>"
                + "<div class=\"c\">\(HTMLText.escape(comment))</div></div>"
        }
        let versus = { (text: String) in bench.map { "\($0.symbol) buy & hold: \(text)" } ?? "no benchmark" }
        return "<section class=\"kpis\">"
            + card("Final equity", HTMLText.money(metrics.finalEquity), "",
                   "from \(HTMLText.money(metrics.startingCash)) · " + versus(HTMLText.money(bench?.finalEquity)))
            + card("Total return", HTMLText.percent(metrics.totalReturnPct),
                   bench.map { HTMLText.compareClass(metrics.totalReturnPct, $0.totalReturnPct) } ?? HTMLText.signClass(metrics.totalReturnPct),
                   versus(HTMLText.percent(bench?.totalReturnPct)))
            + card("Max drawdown", HTMLText.percent(-metrics.maxDrawdownPct),
                   bench.map { HTMLText.compareClass(-metrics.maxDrawdownPct, -$0.maxDrawdownPct) } ?? (metrics.maxDrawdownPct > 0 ? "neg" : ""),
                   versus(HTMLText.percent(bench.map { -$0.maxDrawdownPct })))
            + card("Sharpe", metrics.sharpe.map { HTMLText.fixed($0, 2) } ?? "—", "",
                   "Sortino \(metrics.sortino.map { HTMLText.fixed($0, 2) } ?? "—") · exposure \(HTMLText.percent(metrics.exposurePct))")
            + "</section>"
    }

    func statsTable() -> String {
        let m = metrics, b = benchmarkMetrics
        let ratio = { (x: Double?) in x.map { HTMLText.fixed($0, 2) } ?? "—" }
        let trades = "\(trades.count) closed, \(result.openPositions.count) open"
        // `compared`: the strategy's figure and the benchmark's, higher is better; the
        // strategy's cell is coloured by which is better, never by its sign.
        let rows: [(key: String, label: String, mine: String, theirs: String, compared: (Double?, Double?))] = [
            ("starting_cash", "Starting cash", HTMLText.money(m.startingCash), b.map { HTMLText.money($0.startingCash) } ?? "—", (nil, nil)),
            ("final_equity", "Final equity", HTMLText.money(m.finalEquity), HTMLText.money(b?.finalEquity), (nil, nil)),
            ("total_return_pct", "Total return", HTMLText.percent(m.totalReturnPct), HTMLText.percent(b?.totalReturnPct),
             (m.totalReturnPct, b?.totalReturnPct)),
            ("cagr_pct", "CAGR", HTMLText.percent(m.cagrPct), HTMLText.percent(b?.cagrPct), (m.cagrPct, b?.cagrPct)),
            ("max_drawdown_pct", "Max drawdown", HTMLText.percent(-m.maxDrawdownPct), HTMLText.percent(b.map { -$0.maxDrawdownPct }),
             (-m.maxDrawdownPct, b.map { -$0.maxDrawdownPct })),
            ("sharpe", "Sharpe ratio", ratio(m.sharpe), ratio(b?.sharpe), (m.sharpe, b?.sharpe)),
            ("sortino", "Sortino ratio", ratio(m.sortino), ratio(b?.sortino), (m.sortino, b?.sortino)),
            ("exposure_pct", "Exposure (time invested)", HTMLText.percent(m.exposurePct), HTMLText.percent(b?.exposurePct), (nil, nil)),
            ("closed_trades", "Trades", trades, b == nil ? "—" : "1 buy, held", (nil, nil)),
            ("win_rate_pct", "Win rate", HTMLText.percent(winRatePct), "—", (nil, nil)),
            ("profit_factor", "Profit factor", ratio(tradeStatistics.profitFactor), "—", (nil, nil)),
            ("expectancy", "Expectancy (per trade)", HTMLText.money(tradeStatistics.expectancy), "—", (nil, nil)),
            ("average_win", "Average win / loss", "\(HTMLText.money(tradeStatistics.averageWin)) / \(HTMLText.money(tradeStatistics.averageLoss))", "—", (nil, nil)),
            ("longest_losing_streak", "Longest losing streak", "\(tradeStatistics.longestLosingStreak) trades", "—", (nil, nil)),
        ]
        var out = "<table class=\"stats\"><thead><tr><th></th><th class=\"n\">Strategy</th><th class=\"n\">"
        out += HTMLText.escape(benchmark.map { "\($0.symbol) buy & hold" } ?? "Benchmark") + "</th></tr></thead><tbody>"
        for row in rows {
            out += "<tr data-key=\"\(row.key)\"><th>\(row.label)</th>"
            out += "<td class=\"n \(HTMLText.compareClass(row.compared.0, row.compared.1))\">\(HTMLText.escape(row.mine))</td>"
            out += "<td class=\"n\">\(HTMLText.escape(row.theirs))</td></tr>"
        }
        out += "</tbody></table>"
        out += "<p class=\"note\">Sharpe and Sortino are annualised from per-bar returns with a risk-free rate of 0; "
        out += "CAGR uses calendar time (365.25-day years). Formulas: docs/BACKTEST.md.</p>"
        return out
    }
}
