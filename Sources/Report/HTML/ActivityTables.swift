import Engine
import RuleLanguage

/// The trades, open positions and orders tables. Plain rows, every row in the markup: a long
/// run makes a long table, not a slow page (no per-row SVG, the table scrolls on screen, and
/// `TablePager` shows the trades and orders a page at a time).
extension BacktestReport {
    func tradesTable() -> String {
        guard !trades.isEmpty else { return "<p class=\"note\">No closed trades.</p>" }
        // With exits, what closed the trades, counted ("Trades closed by: stop_loss 4, exit-long 3").
        var out = exitReasonsLine.map { "<p class=\"note\">\(HTMLText.escape($0))</p>" } ?? ""
        out += "<div class=\"scroll\"><table class=\"trades \(TablePager.tableClass)\"><thead><tr><th class=\"n\">#</th><th>Symbol</th>"
        out += "<th>Entry</th><th class=\"n\">Entry price</th><th>Exit</th><th class=\"n\">Exit price</th>"
        out += "<th class=\"n\">Qty</th><th class=\"n\">P&amp;L</th><th class=\"n\">Return</th></tr></thead><tbody>"
        out.reserveCapacity(trades.count * 260)
        for (i, t) in trades.enumerated() {
            let sign = HTMLText.signClass(t.pnl)
            out += "<tr><td class=\"n\">\(i + 1)</td><td>\(HTMLText.escape(t.symbol))</td>"
            out += "<td class=\"d\">\(HTMLText.escape(t.entryText))</td><td class=\"n\">\(HTMLText.price(t.entryPrice))</td>"
            out += "<td class=\"d\">\(HTMLText.escape(t.exitText))</td><td class=\"n\">\(HTMLText.price(t.exitPrice))</td>"
            out += "<td class=\"n\">\(HTMLText.quantity(t.qty))</td><td class=\"n \(sign)\">\(HTMLText.money(t.pnl))</td>"
            out += "<td class=\"n \(sign)\">\(HTMLText.percent(t.returnPct))</td></tr>"
        }
        let total = trades.reduce(0) { $0 + $1.pnl }
        let wins = trades.filter { $0.pnl > 0 }.count
        out += "</tbody><tfoot><tr><td></td><td colspan=\"6\">\(trades.count) trades, \(wins) won</td>"
        out += "<td class=\"n \(HTMLText.signClass(total))\">\(HTMLText.money(total))</td><td></td></tr></tfoot></table></div>"
        return out
    }

    func openPositionsTable() -> String {
        let open = result.openPositions
        guard !open.isEmpty else { return "" }
        var out = "<h3>Open at the end</h3><p class=\"note\">Marked at the last close; not counted as closed trades.</p>"
        out += "<table class=\"open\"><thead><tr><th>Symbol</th><th>Since</th><th class=\"n\">Qty</th><th class=\"n\">Average price</th>"
        out += "<th class=\"n\">Last close</th><th class=\"n\">Market value</th><th class=\"n\">Unrealised P&amp;L</th></tr></thead><tbody>"
        for p in open {
            out += "<tr><td>\(HTMLText.escape(p.symbol))</td><td class=\"d\">\(HTMLText.escape(p.entryText))</td>"
            out += "<td class=\"n\">\(HTMLText.quantity(p.qty))</td><td class=\"n\">\(HTMLText.price(p.averagePrice))</td>"
            out += "<td class=\"n\">\(HTMLText.price(p.mark))</td><td class=\"n\">\(HTMLText.money(p.qty * p.mark))</td>"
            out += "<td class=\"n \(HTMLText.signClass(p.unrealizedPnl))\">\(HTMLText.money(p.unrealizedPnl))</td></tr>"
        }
        return out + "</tbody></table>"
    }

    func ordersTable() -> String {
        guard !orders.isEmpty else { return "<p class=\"note\">The strategy decided no orders.</p>" }
        var out = "<div class=\"scroll\"><table class=\"orders \(TablePager.tableClass)\"><thead><tr><th class=\"n\">#</th><th>Decided at</th>"
        out += "<th>Symbol</th><th>Rule</th><th>Side</th><th class=\"n\">Size</th><th>Outcome</th><th>Status</th>"
        out += "<th>Fill</th><th>Reason</th></tr></thead><tbody>"
        out.reserveCapacity(orders.count * 420)
        for (i, o) in orders.enumerated() {
            let intent = o.intent
            let outcome = o.decision.outcome.rawValue, status = o.status.rawValue
            out += "<tr><td class=\"n\">\(i + 1)</td><td class=\"d\">\(HTMLText.escape(o.decidedAt))</td>"
            out += "<td>\(HTMLText.escape(intent.symbol))</td><td><code>\(HTMLText.escape(intent.ruleId))</code></td>"
            out += "<td class=\"b-\(intent.side.rawValue)\">\(intent.side.rawValue)</td><td class=\"n\">\(size(o))</td>"
            out += "<td><span class=\"badge b-\(outcome)\">\(outcome.replacingUnderscores)</span></td>"
            out += "<td><span class=\"badge b-\(status)\">\(status.replacingUnderscores)</span></td>"
            out += "<td class=\"d\">\(fill(o))</td><td class=\"why\">\(HTMLText.escape(o.decision.reason))</td></tr>"
        }
        return out + "</tbody></table></div>"
    }

    private func size(_ o: OrderReport) -> String {
        let intent = o.intent
        if intent.action.closesAll { return "all" }
        if let qty = intent.qty { return HTMLText.quantity(qty) + " sh" }
        return HTMLText.escape(HTMLText.money(intent.notional))
    }

    private func fill(_ o: OrderReport) -> String {
        if o.status == .filled, let price = o.fillPrice {
            return "\(HTMLText.quantity(o.filledQty)) @ \(HTMLText.price(price))<br/><span class=\"note\">"
                + HTMLText.escape(o.filledAt ?? "") + "</span>"
        }
        return o.note.map { "<span class=\"note\">\(HTMLText.escape($0))</span>" } ?? "<span class=\"zero\">—</span>"
    }
}

private extension String {
    /// `needs_approval` → `needs approval` for display.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
