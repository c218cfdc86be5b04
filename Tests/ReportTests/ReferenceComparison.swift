import Engine
import Foundation
import Report

/// Engine report vs reference JSON, as a list of differences people can read
/// ("trade 3: exit_date engine 2009-03-12, reference 2009-03-13"). Empty means they agree:
/// final equity and cash to the cent, trades exactly (dates, qty; prices to 1e-6), every
/// order's status and fill, open positions, drawdown, statistics and the benchmark, and the
/// exit reasons and order types where both sides report them.
struct ReferenceComparison {
    let engine: BacktestReport
    let reference: [String: Any]
    private(set) var differences: [String] = []

    init(engine: BacktestReport, reference: [String: Any]) {
        self.engine = engine
        self.reference = reference
        compareSummary()
        compareTrades()
        compareOrders()
        compareOpenPositions()
        compareBenchmark()
        compareViolations()
        compareTradeStatistics()
        compareExitKeys()
    }

    /// Issue 14's added keys, compared only where both sides have the key: `trades[].exit_reason`,
    /// `orders[].order_type` and `orders[].exit_reason` (the engine's from its `--json` report, so
    /// a report without them compares as before).
    private mutating func compareExitKeys() {
        guard let json = try? JSONSerialization.jsonObject(with: Data(engine.json().utf8)) as? [String: Any] else {
            return differences.append("engine --json is not a JSON object")
        }
        let trades = zip(json["trades"] as? [[String: Any]] ?? [], reference["trades"] as? [[String: Any]] ?? [])
        for (i, (e, r)) in trades.enumerated() {
            guard sameKey("trade \(i)", "exit_reason", e, r) else { break }
        }
        let orders = zip(json["orders"] as? [[String: Any]] ?? [], reference["order_list"] as? [[String: Any]] ?? [])
        for (i, (e, r)) in orders.enumerated() {
            let at = "order \(i) (\(e["symbol"] ?? "") \(e["decided_at"] ?? "") \(e["rule_id"] ?? ""))"
            guard sameKey(at, "order_type", e, r), sameKey(at, "exit_reason", e, r) else { break }
        }
    }

    /// False (and a difference noted) when both have `key` and their words differ; a null is "null".
    private mutating func sameKey(_ at: String, _ key: String, _ e: [String: Any], _ r: [String: Any]) -> Bool {
        guard let mine = e[key], let theirs = r[key] else { return true }
        let words = [mine, theirs].map { ($0 as? String) ?? "null" }
        if words[0] == words[1] { return true }
        note("\(at) \(key)", words[0], words[1])
        return false
    }

    /// Profit factor and the rest, the month-by-month returns and the worst drawdowns.
    private mutating func compareTradeStatistics() {
        let t = engine.tradeStatistics
        close("profit_factor", t.profitFactor, reference["profit_factor"])
        close("expectancy", t.expectancy, reference["expectancy"])
        close("average_win", t.averageWin, reference["average_win"])
        close("average_loss", t.averageLoss, reference["average_loss"])
        same("longest_losing_streak", t.longestLosingStreak, reference["longest_losing_streak"])
        let months = reference["monthly_returns"] as? [[String: Any]] ?? []
        same("monthly returns", engine.monthlyReturns.count, months.count)
        for (e, r) in zip(engine.monthlyReturns, months) {
            same("month \(e.month)", e.month, r["month"])
            close("month \(e.month) return_pct", e.returnPct, r["return_pct"])
        }
        let periods = reference["drawdown_periods"] as? [[String: Any]] ?? []
        same("drawdown periods", engine.drawdownPeriods.count, periods.count)
        let texts = engine.result.curve.timeTexts
        for (n, (e, r)) in zip(engine.drawdownPeriods, periods).enumerated() {
            same("drawdown \(n + 1) peak", texts[e.peak], r["peak"])
            same("drawdown \(n + 1) trough", texts[e.trough], r["trough"])
            same("drawdown \(n + 1) recovered", e.recovery.map { texts[$0] } ?? "none", (r["recovered"] as? String) ?? "none")
            close("drawdown \(n + 1) depth_pct", e.depthPct, r["depth_pct"])
        }
    }

    private mutating func note(_ what: String, _ e: Any, _ r: Any) {
        differences.append("\(what): engine \(e), reference \(r)")
    }

    private mutating func cents(_ what: String, _ e: Double, _ r: Any?) {
        guard let r = r as? Double else { return note(what, e, r ?? "missing") }
        if abs(e - r) >= 0.005 { note(what, e, r) }
    }

    /// Same value up to `tolerance` relative to its size (at least absolute `tolerance`).
    private mutating func close(_ what: String, _ e: Double?, _ r: Any?, tolerance: Double = 1e-6) {
        let r = r as? Double
        switch (e, r) {
        case (nil, nil): return
        case let (e?, r?) where abs(e - r) <= tolerance * max(1, abs(r)): return
        default: note(what, e.map { "\($0)" } ?? "none", r.map { "\($0)" } ?? "none")
        }
    }

    private mutating func same<T: Equatable>(_ what: String, _ e: T, _ r: Any?) {
        if (r as? T) != e { note(what, e, r ?? "missing") }
    }

    /// Share counts: whole shares must be equal; fractional ones to a millionth of a millionth.
    private mutating func shares(_ what: String, _ e: Double, _ r: Any?) {
        guard let r = r as? Double, abs(e - r) <= 1e-9 else { return note(what, e, r ?? "missing") }
    }

    private mutating func compareSummary() {
        let m = engine.metrics, result = engine.result
        cents("final_equity", m.finalEquity, reference["final_equity"])
        cents("final_cash", result.finalCash, reference["final_cash"])
        cents("commissions", result.commissionsPaid, reference["commissions"])
        // Issue 15: borrow fees on shorts (a reference without the key compares as before).
        if let fees = reference["borrow_fees"] { cents("borrow_fees", result.borrowFeesPaid, fees) }
        close("total_return_pct", m.totalReturnPct, reference["total_return_pct"])
        close("max_drawdown_pct", m.maxDrawdownPct, reference["max_drawdown_pct"])
        close("sharpe", m.sharpe, reference["sharpe"])
        close("sortino", m.sortino, reference["sortino"])
        close("cagr_pct", m.cagrPct, reference["cagr_pct"])
        close("exposure_pct", m.exposurePct, reference["exposure_pct"])
        same("bars", result.curve.count, reference["bars"])
        same("first_bar", engine.period?.first ?? "", reference["first_bar"] as? String ?? "")
        same("last_bar", engine.period?.last ?? "", reference["last_bar"] as? String ?? "")
        same("orders", result.orders.count, reference["orders"])
    }

    private mutating func compareTrades() {
        let mine = engine.result.trades
        let theirs = reference["trades"] as? [[String: Any]] ?? []
        same("closed trades", mine.count, theirs.count)
        for (i, (e, r)) in zip(mine, theirs).enumerated() {
            let before = differences.count
            same("trade \(i) symbol", e.symbol, r["symbol"])
            if let side = r["side"] { same("trade \(i) side", e.side.rawValue, side) }
            same("trade \(i) entry_date", e.entryText, r["entry_date"])
            same("trade \(i) exit_date", e.exitText, r["exit_date"])
            shares("trade \(i) qty", e.qty, r["qty"])
            close("trade \(i) entry_price", e.entryPrice, r["entry_price"])
            close("trade \(i) exit_price", e.exitPrice, r["exit_price"])
            cents("trade \(i) pnl", e.pnl, r["pnl"])
            close("trade \(i) return_pct", e.returnPct, r["return_pct"])
            if differences.count > before { return }  // the first differing trade says enough
        }
    }

    private mutating func compareOrders() {
        let mine = engine.result.orders
        let theirs = reference["order_list"] as? [[String: Any]] ?? []
        for (i, (e, r)) in zip(mine, theirs).enumerated() {
            let before = differences.count
            let at = "order \(i) (\(e.intent.symbol) \(e.decidedAt) \(e.intent.ruleId))"
            same("\(at) symbol", e.intent.symbol, r["symbol"])
            same("\(at) decided_at", e.decidedAt, r["decided_at"])
            same("\(at) rule_id", e.intent.ruleId, r["rule_id"])
            same("\(at) side", e.intent.side.rawValue, r["side"])
            same("\(at) outcome", e.decision.outcome.rawValue, r["outcome"])
            same("\(at) status", e.status.rawValue, r["status"])
            if e.status == .filled {
                shares("\(at) fill_qty", e.filledQty ?? .nan, r["fill_qty"])
                close("\(at) fill_price", e.fillPrice, r["fill_price"])
                same("\(at) filled_at", e.filledAt ?? "", r["filled_at"])
            }
            if differences.count > before { return }
        }
    }

    private mutating func compareOpenPositions() {
        let mine = engine.result.openPositions
        let theirs = reference["open_positions"] as? [[String: Any]] ?? []
        same("open positions", mine.count, theirs.count)
        for (e, r) in zip(mine, theirs) {
            same("open \(e.symbol) symbol", e.symbol, r["symbol"])
            shares("open \(e.symbol) qty", e.qty, r["qty"])
            same("open \(e.symbol) entry_date", e.entryText, r["entry_date"])
            close("open \(e.symbol) mark", e.mark, r["mark"])
        }
    }

    private mutating func compareBenchmark() {
        let r = reference["benchmark"] as? [String: Any]
        guard let b = engine.benchmark else {
            if r != nil { differences.append("benchmark: engine has none, reference has one") }
            return
        }
        guard let r else { return differences.append("benchmark: reference has none, engine has \(b.symbol)") }
        same("benchmark symbol", b.symbol, r["symbol"])
        shares("benchmark shares", b.shares, r["shares"])
        close("benchmark entry_price", b.entryPrice, r["entry_price"])
        cents("benchmark final_equity", b.finalEquity, r["final_equity"])
        close("benchmark total_return_pct", b.totalReturnPct, r["total_return_pct"])
        close("benchmark max_drawdown_pct", b.maxDrawdownPct, r["max_drawdown_pct"])
        let m = engine.benchmarkMetrics
        close("benchmark sharpe", m?.sharpe, r["sharpe"])
        close("benchmark sortino", m?.sortino, r["sortino"])
        close("benchmark cagr_pct", m?.cagrPct, r["cagr_pct"])
        close("benchmark exposure_pct", m?.exposurePct, r["exposure_pct"])
    }

    private mutating func compareViolations() {
        let theirs = reference["violations"] as? [String: [String: Any]] ?? [:]
        same("policy rules", engine.violations.map(\.rule).sorted(), theirs.keys.sorted())
        for v in engine.violations {
            same("violations \(v.rule) block", v.block, theirs[v.rule]?["block"])
            same("violations \(v.rule) needs_approval", v.needsApproval, theirs[v.rule]?["needs_approval"])
        }
    }
}
