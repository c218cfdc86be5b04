import RuleLanguage
import Vocabulary

/// The table `algobot walkforward` prints (one row per window) and the `--csv` (the same
/// rows as numbers), then the stitched out-of-sample figures against the benchmark and the
/// degradation.
extension WalkForwardReport {
    public func text() -> String {
        let h = header, metric = h.metric
        var lines: [String] = []
        let span = [h.from.map { "from \($0)" }, h.to.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
        lines.append("\(h.strategy) (\(h.strategyFile)) on \(h.symbols.joined(separator: ", ")), policy \(h.policy)\(span.isEmpty ? "" : ", " + span)")
        let grid = h.params.map { "\($0.name) (\(Money.grouped(Int64($0.values.count))) value\($0.values.count == 1 ? "" : "s"))" }.joined(separator: " × ")
        var tried = "Walk-forward, train \(h.train) (\(h.anchored ? "anchored" : "rolling")), test \(h.test): on each train span the best by "
            + "\(metric) (\(SweepRanking.ascending(metric) ? "lower" : "higher") is better) of \(Money.grouped(Int64(h.combinations))) combinations of \(grid)"
        if let condition = h.condition { tried += " where \(condition)" }
        lines.append(tried + ", then run on the test span that follows.")
        lines.append("")
        var rows: [[String]] = [["window", "train", "test"] + h.params.map(\.name) + ["in-sample", "out-of-sample", "return", "max dd", "trades"]]
        for (n, w) in windows.enumerated() {
            let oos = w.testRun
            rows.append(["\(n + 1)", "\(w.train.first) … \(w.train.last)", "\(w.test.first) … \(w.test.last)"] + w.params.map { Expr.format($0) }
                        + [Self.figureText(metric, w.inSample(metric)), Self.figureText(metric, w.outOfSample(metric)),
                           HTMLText.percent(oos.figure("total_return_pct")), HTMLText.percent(oos.figure("max_drawdown_pct").map { -$0 }),
                           Self.tradesText(oos)])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            lines.append(zip(row, widths).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined(separator: "  "))
        }
        lines.append("(in-sample and out-of-sample: \(metric) of the best on the train span, and of the same params on the test span)")
        lines.append("")
        lines += summaryLines()
        return lines.joined(separator: "\n") + "\n"
    }

    func summaryLines() -> [String] {
        let m = metrics, metric = header.metric
        let when = period.map { "\($0.first) … \($0.last)" } ?? "no bars"
        var lines = ["Out of sample, \(when) (the test spans stitched): return \(HTMLText.percent(m.totalReturnPct)), "
                     + "max drawdown \(HTMLText.percent(-m.maxDrawdownPct)), Sharpe \(m.sharpe.map { HTMLText.fixed($0, 2) } ?? "—"), "
                     + "\(closedTrades) closed trades, \(HTMLText.money(m.startingCash)) → \(HTMLText.money(m.finalEquity))."]
        if spansEndingOpen > 0 {
            lines.append("\(spansEndingOpen) of \(windows.count) test spans ended holding a position, valued at the span's last close.")
        }
        if let b = benchmark {
            lines.append("\(b.symbol) buy & hold over the same bars: return \(HTMLText.percent(b.totalReturnPct)), "
                         + "max drawdown \(HTMLText.percent(-b.maxDrawdownPct)), Sharpe \(benchmarkMetrics?.sharpe.map { HTMLText.fixed($0, 2) } ?? "—").")
        } else {
            lines.append("No benchmark: its bars are not in the data.")
        }
        let d = degradation
        if let inside = d.inSampleMean, let outside = d.outOfSampleMean, let difference = d.difference {
            var line = "In-sample → out-of-sample: mean \(metric) \(Self.figureText(metric, inside)) → \(Self.figureText(metric, outside)) "
                + "over \(d.windows) window\(d.windows == 1 ? "" : "s"), a degradation of \(Self.figureText(metric, difference))"
            if let percent = d.percent { line += " (\(HTMLText.fixed(percent, 0))% of the in-sample mean)" }
            if d.windows < windows.count {
                line += "; \(windows.count - d.windows) window\(windows.count - d.windows == 1 ? "" : "s") without \(metric) on both spans left out"
            }
            lines.append(line + ".")
        } else {
            lines.append("In-sample → out-of-sample: no window has \(metric) on both spans.")
        }
        lines.append("Each test span starts flat with the equity the previous one ended with (docs/SWEEP.md, \"Walk-forward\").")
        return lines
    }

    /// Closed trades, and `+ 1 open` when the span ended holding a position.
    static func tradesText(_ run: SweepRecord) -> String {
        let closed = run.figure("closed_trades").map { Expr.format($0) } ?? "—"
        guard let open = run.figure("open_positions"), open > 0 else { return closed }
        return "\(closed) + \(Expr.format(open)) open"
    }

    /// A figure as the tables show it: percentages with a %, counts whole, ratios to 2 places.
    static func figureText(_ metric: String, _ value: Double?) -> String {
        guard let value else { return "—" }
        if metric.hasSuffix("_pct") { return HTMLText.percent(value) }
        if ["final_equity", "final_cash", "commissions", "starting_cash"].contains(metric) { return HTMLText.money(value) }
        return value == value.rounded() && abs(value) < 1e15 ? Expr.format(value) : HTMLText.fixed(value, 2)
    }

    /// `--csv`: one row per window.
    public func csv() -> String {
        let names = header.params.map(\.name), metric = header.metric
        var out = (["window", "train_first", "train_last", "test_first", "test_last"] + names
                   + ["in_sample_metric", "out_of_sample_metric", "starting_equity", "final_equity", "total_return_pct", "max_drawdown_pct",
                      "sharpe", "closed_trades", "open_positions"]).joined(separator: ",") + "\n"
        func cell(_ x: Double?) -> String { x.map { JSONValue.number($0).serialized() } ?? "" }
        for (n, w) in windows.enumerated() {
            let o = w.testRun
            let cells = ["\(n + 1)", w.train.first, w.train.last, w.test.first, w.test.last] + w.params.map { cell($0) }
                + [cell(w.inSample(metric)), cell(w.outOfSample(metric))]
                + ["starting_cash", "final_equity", "total_return_pct", "max_drawdown_pct", "sharpe", "closed_trades", "open_positions"].map { cell(o.figure($0)) }
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }
}
