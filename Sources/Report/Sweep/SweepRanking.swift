import RuleLanguage
import Vocabulary

/// Orders combinations by one `summary` figure: higher first, except `max_drawdown_pct`
/// (lower first); a combination without the figure (null: no trades for `win_rate_pct`)
/// comes last; ties go to the lower combination number.
package enum SweepRanking {
    /// The `summary` figures a sweep can rank by (every number of `algobot backtest --json`'s summary).
    static let metrics = ["total_return_pct", "sharpe", "sortino", "cagr_pct", "max_drawdown_pct", "final_equity", "win_rate_pct",
                          "closed_trades", "orders", "exposure_pct", "open_positions", "orders_filled", "orders_blocked",
                          "orders_needing_approval", "orders_unfilled", "orders_canceled", "canceled_no_cash", "final_cash",
                          "commissions", "starting_cash", "bars"]

    package static func checkMetric(_ metric: String) throws {
        guard !metrics.contains(metric) else { return }
        let hint = Suggestions.closest(to: metric, in: metrics).map { "did you mean '\($0)'?" }
            ?? "use one of \(Suggestions.list(metrics, conjunction: "or"))"
        throw SweepError(message: "--metric \(metric): not a figure of the backtest summary; \(hint)")
    }

    static func ascending(_ metric: String) -> Bool { metric == "max_drawdown_pct" }

    /// Positions into `records`, best first.
    static func rank(_ records: [SweepRecord], by metric: String) -> [Int] {
        let values = records.map { $0.figure(metric) }
        let up = ascending(metric)
        return records.indices.sorted { a, b in
            switch (values[a], values[b]) {
            case let (x?, y?) where x != y: return up ? x < y : x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return records[a].index < records[b].index
            }
        }
    }
}
