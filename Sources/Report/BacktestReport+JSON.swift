import Engine
import Vocabulary

/// The `--json` report. Contract keys (see the README) keep their names; more may be added.
extension BacktestReport {
    public func json() -> String {
        var writer = JSONStreamWriter()
        writeJSON(to: &writer)
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    /// The report written as it is produced (`algobot backtest --json` streams it to the file):
    /// the trades and orders one at a time, so a million-bar run never holds its whole text.
    /// Ends with a newline, like `json()`.
    public func writeJSON(to writer: inout JSONStreamWriter) {
        writer.beginObject()
        for (key, entry) in jsonEntries() {
            switch entry {
            case .value(let value):
                writer.entry(key, value)
            case .list(let count, let item):
                writer.key(key)
                writer.beginArray()
                for i in 0..<count { writer.value(item(i)) }
                writer.endArray()
            }
        }
        writer.endObject()
        writer.endLine()
    }

    public func jsonValue() -> JSONValue {
        .object(jsonEntries().map { key, entry in
            switch entry {
            case .value(let value): return (key, value)
            case .list(let count, let item): return (key, .array((0..<count).map(item)))
            }
        })
    }

    /// A top-level entry: a value, or a list whose items are made when written.
    private enum JSONEntry {
        case value(JSONValue)
        case list(count: Int, item: (Int) -> JSONValue)
    }

    /// The report's entries in contract order (one list for `json()`, `writeJSON` and `jsonValue()`).
    private func jsonEntries() -> [(String, JSONEntry)] {
        let r = result
        // The figures a sweep row has too (one writer, BacktestSummary), and the report's own:
        // the verdict first, the approvals --approve-all executed.
        let summary = BacktestSummary(report: self).jsonValue
            .inserting(("verdict", .string(verdict)), before: "starting_cash")
            .inserting(("orders_approved_by_approve_all", .number(Double(approvals.approvedByApproveAll))), before: "orders_unfilled")
        let benchmarkValue: JSONValue = benchmark.map { b in
            .object([
                ("symbol", .string(b.symbol)),
                ("final_equity", .money(b.finalEquity)),
                ("total_return_pct", .percent(b.totalReturnPct)),
                ("max_drawdown_pct", .percent(b.maxDrawdownPct)),
                ("shares", .rounded(b.shares, 6)),
                ("entry_price", .rounded(b.entryPrice, 4)),
                ("sharpe", .rounded(benchmarkMetrics?.sharpe, 4)),
                ("sortino", .rounded(benchmarkMetrics?.sortino, 4)),
                ("cagr_pct", .percent(benchmarkMetrics?.cagrPct)),
                ("exposure_pct", .percent(benchmarkMetrics?.exposurePct)),
            ])
        } ?? .null
        let source = self.source.jsonValue.map { [("source", JSONEntry.value($0))] } ?? []
        let trades = self.trades, orders = self.orders
        return source + [
            ("strategy", .value(.object([("name", .string(r.strategy.name)), ("file", .string(r.strategy.file)),
                                         ("symbols", .array(r.symbols.map(JSONValue.string))), ("timeframe", .string(r.strategy.timeframe))]))),
            ("policy", .value(.object([("name", .string(r.policy.name)), ("file", .string(r.policy.file))]))),
            ("settings", .value(settingsValue)),
            ("summary", .value(summary)),
            ("benchmark", .value(benchmarkValue)),
            ("violations", .value(.object(violations.map { ($0.rule, .object([(Outcome.block.rawValue, .number(Double($0.block))),
                                                                             (Outcome.needsApproval.rawValue, .number(Double($0.needsApproval)))])) }))),
            ("coverage", .value(coverageValue)),
            ("trades", .list(count: trades.count) { tradeValue(trades[$0]) }),
            ("open_positions", .value(.array(r.openPositions.map(openPositionValue)))),
            ("orders", .list(count: orders.count) { orderValue(orders[$0]) }),
            ("data_notes", .value(.array(dataNotes.map(JSONValue.string)))),
            ("monthly_returns", .value(.array(monthlyReturns.map { .object([("month", .string($0.month)), ("return_pct", .percent($0.returnPct))]) }))),
            ("drawdown_periods", .value(.array(drawdownPeriods.map(drawdownValue)))),
        ]
    }

    private func drawdownValue(_ d: DrawdownPeriod) -> JSONValue {
        let texts = result.curve.timeTexts
        return .object([
            ("peak", .string(texts[d.peak])), ("trough", .string(texts[d.trough])),
            ("recovered", d.recovery.map { .string(texts[$0]) } ?? .null),
            ("depth_pct", .percent(d.depthPct)),
            ("bars", .number(Double((d.recovery ?? texts.count - 1) - d.peak))),
        ])
    }

    private var settingsValue: JSONValue {
        let s = result.settings
        return .object([
            ("starting_cash", .money(s.startingCash)), ("commission_per_share", .rounded(s.commissionPerShare, 6)),
            ("commission_minimum", .money(s.commissionMinimum)), ("commission_percent", .rounded(s.commissionPercent, 6)),
            ("slippage_bps", .rounded(s.slippageBps, 4)), ("fractional", .bool(s.fractional)), ("approve_all", .bool(s.approveAll)),
            ("borrow_fee_pct", .rounded(s.borrowFeePercent, 6)),
            ("fill_model", .string("market orders decided at a bar's close fill at the next bar's open")),
        ])
    }

    private func tradeValue(_ t: Trade) -> JSONValue {
        .object([
            ("symbol", .string(t.symbol)), ("side", .string(t.side.rawValue)), ("entry_date", .string(t.entryText)),
            ("entry_price", .rounded(t.entryPrice, 4)),
            ("exit_date", .string(t.exitText)), ("exit_price", .rounded(t.exitPrice, 4)), ("qty", .rounded(t.qty, 6)),
            ("pnl", .money(t.pnl)), ("return_pct", .percent(t.returnPct)),
            ("exit_reason", t.exitReason.map(JSONValue.string) ?? .null),
        ])
    }

    private func openPositionValue(_ p: OpenPosition) -> JSONValue {
        .object([
            ("symbol", .string(p.symbol)), ("entry_date", .string(p.entryText)), ("qty", .rounded(p.qty, 6)),
            ("average_price", .rounded(p.averagePrice, 4)), ("mark", .rounded(p.mark, 4)),
            ("market_value", .money(p.qty * p.mark)), ("unrealized_pnl", .money(p.unrealizedPnl)),
        ])
    }

    private func orderValue(_ o: OrderReport) -> JSONValue {
        let i = o.intent
        return .object([
            ("order_id", .string(i.orderId)), ("client_order_id", .string(i.clientOrderId)), ("decision_id", .string(i.decisionId)),
            ("symbol", .string(i.symbol)), ("side", .string(i.side.rawValue)), ("action", .string(i.action.rawValue)),
            ("rule_id", .string(i.ruleId)), ("decided_at", .string(o.decidedAt)), ("decision_price", .rounded(i.price, 4)),
            ("qty", .rounded(i.qty, 6)), ("notional", .money(i.notional)),
            ("outcome", .string(o.decision.outcome.rawValue)), ("reason", .string(o.decision.reason)),
            ("status", .string(o.status.rawValue)), ("fill_qty", .rounded(o.filledQty, 6)), ("fill_price", .rounded(o.fillPrice, 4)),
            ("commission", .money(o.commission)), ("filled_at", o.filledAt.map(JSONValue.string) ?? .null),
            ("note", o.note.map(JSONValue.string) ?? .null),
            ("order_type", .string(o.orderType.rawValue)), ("exit_reason", o.exitReason.map { .string($0.rawValue) } ?? .null),
        ])
    }
}
