import Engine
import RuleLanguage
import Vocabulary

/// The short table `algobot backtest` prints.
extension BacktestReport {
    public func text() -> String {
        let r = result
        var lines: [String] = [verdict, ""]
        let span = period.map { "\($0.first) … \($0.last)" } ?? "no bars"
        lines.append("\(r.strategy.name) on \(r.symbols.joined(separator: ", ")), \(span) (\(r.curve.count) bars), policy \(r.policy.name)")
        lines.append("")
        let bench = benchmark
        let benchName = bench.map { "\($0.symbol) buy & hold" } ?? "benchmark"
        var rows: [(String, String, String)] = [("", "strategy", benchName)]
        rows.append(("Final equity", Money.text(metrics.finalEquity), bench.map { Money.text($0.finalEquity) } ?? "—"))
        rows.append(("Total return", pct(metrics.totalReturnPct), bench.map { pct($0.totalReturnPct) } ?? "—"))
        rows.append(("Max drawdown", pct(-metrics.maxDrawdownPct), bench.map { pct(-$0.maxDrawdownPct) } ?? "—"))
        let b = benchmarkMetrics
        rows.append(("CAGR", metrics.cagrPct.map(pct) ?? "—", b.map { $0.cagrPct.map(pct) ?? "—" } ?? "—"))
        rows.append(("Sharpe / Sortino", "\(num(metrics.sharpe)) / \(num(metrics.sortino))", b.map { "\(num($0.sharpe)) / \(num($0.sortino))" } ?? "—"))
        rows.append(("Exposure", pct(metrics.exposurePct), b.map { pct($0.exposurePct) } ?? "—"))
        rows.append(("Trades (closed / open)", "\(trades.count) / \(r.openPositions.count)", bench == nil ? "—" : "1 buy, held"))
        rows.append(("Win rate", winRatePct.map(pct) ?? "—", "—"))
        rows.append(("Profit factor", num(tradeStatistics.profitFactor), "—"))
        let width0 = rows.map(\.0.count).max()!, width1 = rows.map(\.1.count).max()!
        for row in rows {
            lines.append(pad(row.0, width0) + "  " + pad(row.1, width1) + "  " + row.2)
        }
        lines.append("")
        lines.append("Orders: \(orders.count) decided, \(count(.filled)) filled, \(count(.blocked)) blocked, "
                     + "\(approvals.phrase), \(count(.unfilled)) unfilled, \(count(.canceled)) canceled")
        if let note = lackOfCashNote { lines.append(note) }
        if let exits = exitReasonsLine { lines.append(exits) }
        if let sides = sidesLine { lines.append(sides) }
        let hit = violations.filter { $0.block + $0.needsApproval > 0 }
        if hit.isEmpty {
            lines.append("Policy objections: none; no rule objected to any order")
        } else {
            lines.append("Policy objections by rule:")
            for v in hit {
                var parts: [String] = []
                if v.block > 0 { parts.append("\(v.block) blocked") }
                if v.needsApproval > 0 { parts.append("\(v.needsApproval) needed approval") }
                lines.append("  \(v.rule): \(parts.joined(separator: ", "))")
            }
            if count(.needsApproval) > 0 && !r.settings.approveAll && !source.isRecordedRun {
                lines.append("Orders that needed approval were not executed; --approve-all shows the result without that guard.")
            }
        }
        lines += coverageLines
        for note in dataNotes { lines.append("Data: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "Trades closed by: stop_loss 4, exit-long 3, max_bars 1" (most first, then by name),
    /// when the strategy has exits; nil otherwise, so reports of strategies without them read as before.
    var exitReasonsLine: String? {
        let counts = exitReasonCounts
        guard counts.contains(where: { ExitReason(rawValue: $0.reason) != nil }) else { return nil }
        return "Trades closed by: " + counts.map { "\($0.reason) \($0.count)" }.joined(separator: ", ")
    }

    /// "Trades by side: 101 long, 102 short (borrow fees $1,806.99)" when any trade was short;
    /// nil otherwise, so long-only reports read as before.
    var sidesLine: String? {
        let short = trades.filter { $0.side == .short }.count
        guard short > 0 || result.borrowFeesPaid > 0 else { return nil }
        let fees = result.borrowFeesPaid > 0 ? " (borrow fees \(Money.text(result.borrowFeesPaid)))" : ""
        return "Trades by side: \(trades.count - short) long, \(short) short\(fees)"
    }

    /// Fixed decimals, so a column's figures line up: `305.00%`, `0.40`.
    private func pct(_ x: Double) -> String { HTMLText.percent(x) }
    private func num(_ x: Double?) -> String { x.map { HTMLText.fixed($0, 2) } ?? "—" }
    private func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
}

extension BacktestReport {
    /// Closed trades counted by what closed them (a rule's id or an exit), most first, ties by name.
    public var exitReasonCounts: [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        for t in trades { counts[t.exitReason ?? "unknown", default: 0] += 1 }
        return counts.map { (reason: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
    }
}
