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
            case .trades:
                writer.key(key)
                writer.beginArray()
                for i in trades.indices { writer.object { tradeEntries(trades[i], into: &$0) } }
                writer.endArray()
            case .orders:
                writer.key(key)
                writer.beginArray()
                for i in orders.indices {
                    let order = orders[i]  // built here, once
                    writer.object { orderEntries(order, into: &$0) }
                }
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
            case .trades: return (key, .array(trades.map { t in Self.object { tradeEntries(t, into: &$0) } }))
            case .orders: return (key, .array(orders.map { o in Self.object { orderEntries(o, into: &$0) } }))
            }
        })
    }

    /// A top-level entry: a value, or one of the long lists, whose objects are written one by one.
    private enum JSONEntry {
        case value(JSONValue)
        case trades
        case orders
    }

    private static func object(_ body: (inout JSONObjectBuilder) -> Void) -> JSONValue {
        var builder = JSONObjectBuilder()
        body(&builder)
        return builder.value
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
            ("trades", .trades),
            ("open_positions", .value(.array(r.openPositions.map(openPositionValue)))),
            ("orders", .orders),
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

    private func tradeEntries<Sink: JSONObjectSink>(_ t: Trade, into s: inout Sink) {
        s.entry("symbol", string: t.symbol)
        s.entry("side", string: t.side.rawValue)
        s.entry("entry_date", string: t.entryText)
        s.entry("entry_price", rounded: t.entryPrice, 4)
        s.entry("exit_date", string: t.exitText)
        s.entry("exit_price", rounded: t.exitPrice, 4)
        s.entry("qty", rounded: t.qty, 6)
        s.entry("pnl", money: t.pnl)
        s.entry("return_pct", percent: t.returnPct)
        s.entry("exit_reason", string: t.exitReason)
    }

    private func openPositionValue(_ p: OpenPosition) -> JSONValue {
        .object([
            ("symbol", .string(p.symbol)), ("entry_date", .string(p.entryText)), ("qty", .rounded(p.qty, 6)),
            ("average_price", .rounded(p.averagePrice, 4)), ("mark", .rounded(p.mark, 4)),
            ("market_value", .money(p.qty * p.mark)), ("unrealized_pnl", .money(p.unrealizedPnl)),
        ])
    }

    private func orderEntries<Sink: JSONObjectSink>(_ o: OrderReport, into s: inout Sink) {
        let i = o.intent
        // The three ids come from one decision id (`OrderIntent.orderId` and `.clientOrderId`
        // hash it), which holds the decision time as `decided_at` writes it.
        let decidedAt = o.decidedAt
        let decisionId = i.decisionId(timeText: decidedAt)
        let ids = OrderIDs.ids(decisionId: decisionId)
        s.entry("order_id", string: ids.orderId)
        s.entry("client_order_id", string: ids.clientOrderId)
        s.entry("decision_id", string: decisionId)
        s.entry("symbol", string: i.symbol)
        s.entry("side", string: i.side.rawValue)
        s.entry("action", string: i.action.rawValue)
        s.entry("rule_id", string: i.ruleId)
        s.entry("decided_at", string: decidedAt)
        s.entry("decision_price", rounded: i.price, 4)
        s.entry("qty", rounded: i.qty, 6)
        s.entry("notional", money: i.notional)
        s.entry("outcome", string: o.decision.outcome.rawValue)
        s.entry("reason", string: o.decision.reason)
        s.entry("status", string: o.status.rawValue)
        s.entry("fill_qty", rounded: o.filledQty, 6)
        s.entry("fill_price", rounded: o.fillPrice, 4)
        s.entry("commission", money: o.commission)
        s.entry("filled_at", string: o.filledAt)
        s.entry("note", string: o.note)
        s.entry("order_type", string: o.orderType.rawValue)
        s.entry("exit_reason", string: o.exitReason?.rawValue)
    }
}
