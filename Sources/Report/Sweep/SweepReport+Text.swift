import RuleLanguage
import Vocabulary

/// The table `algobot sweep` prints: the top combinations by the metric, the number tried
/// next to the best, its neighbours and its deflated Sharpe ratio.
extension SweepReport {
    public func text(top: Int? = nil) -> String {
        let h = header
        var lines: [String] = []
        let span = [h.from.map { "from \($0)" }, h.to.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
        lines.append("\(h.strategy) (\(h.strategyFile)) on \(h.symbols.joined(separator: ", ")), policy \(h.policy)\(span.isEmpty ? "" : ", " + span)")
        let grid = h.params.map { "\($0.name) (\(Money.grouped(Int64($0.values.count))) value\($0.values.count == 1 ? "" : "s"))" }.joined(separator: " × ")
        var tried = "\(Money.grouped(Int64(h.combinations))) combinations of \(grid)"
        if let condition = h.condition { tried += " where \(condition)" }
        if let shard = h.shard { tried += "; shard \(shard.index)/\(shard.count): \(Money.grouped(Int64(count))) of them" }
        lines.append(tried + "; ranked by \(h.metric) (\(SweepRanking.ascending(h.metric) ? "lower" : "higher") is better)")
        lines.append("")
        let names = h.params.map(\.name)
        var rows: [[String]] = [["rank"] + names + ["return", "max dd", "sharpe", "trades", "win rate", "objections"]]
        if !["total_return_pct", "max_drawdown_pct", "sharpe", "closed_trades", "win_rate_pct"].contains(h.metric) {
            rows[0].append(h.metric)
        }
        for (rank, position) in ranking.prefix(top ?? h.top).enumerated() {
            let r = records[position]
            var row = ["\(rank + 1)"] + r.values.map { Expr.format($0) }
            row += [r.figure("total_return_pct").map { HTMLText.percent($0) } ?? "—", r.figure("max_drawdown_pct").map { HTMLText.percent(-$0) } ?? "—",
                    r.figure("sharpe").map { HTMLText.fixed($0, 2) } ?? "—", r.figure("closed_trades").map { Expr.format($0) } ?? "—",
                    r.figure("win_rate_pct").map { HTMLText.percent($0) } ?? "—", "\(r.objections)"]
            if rows[0].count > row.count { row.append(r.figure(h.metric).map { Expr.format($0) } ?? "—") }
            rows.append(row)
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            lines.append(zip(row, widths).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined(separator: "  "))
        }
        lines.append("")
        lines += bestLines()
        return lines.joined(separator: "\n") + "\n"
    }

    private func bestLines() -> [String] {
        guard let best else { return ["No combination ran."] }
        let h = header
        let value = best.figure(h.metric).map { Expr.format($0) } ?? "none"
        let tried = Money.grouped(Int64(count))
        var lines = ["Best: \(best.params.map { "\($0.name)=\(Expr.format($0.value))" }.joined(separator: " ")), \(h.metric) \(value): "
                     + "the best of \(tried) combinations tried."]
        if let median = neighbours.median {
            lines.append("Its \(neighbours.count) neighbours (each param one step away or the same): median \(h.metric) \(Money.number(median, places: 4)).")
        } else {
            lines.append("It has no neighbours in the grid to compare with.")
        }
        if let dsr = deflatedSharpe {
            lines.append("Deflated Sharpe ratio: \(HTMLText.fixed(dsr.probability, 2)), the probability that its Sharpe ratio is not "
                         + "the luck of trying \(tried) combinations (0.95 or more is convincing; docs/SWEEP.md).")
        } else {
            lines.append("Deflated Sharpe ratio: cannot be told (the best's returns do not vary, or too few combinations have a Sharpe ratio).")
        }
        return lines
    }
}
