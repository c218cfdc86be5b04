import Engine
import Vocabulary

/// The `summary` figures of a backtest: the `summary` object of `algobot backtest --json`,
/// and one row of `algobot sweep`. One type writes them, so a sweep's combination and the
/// single backtest with the same params give the same bytes.
public struct BacktestSummary: Sendable {
    public let metrics: Metrics
    public let closedTrades: Int
    /// Closed trades by side: bought first (`long`) or sold short first (`short`).
    public let longTrades: Int
    public let shortTrades: Int
    public let openPositions: Int
    public let winRatePct: Double?
    public let tradeStatistics: TradeStatistics
    public let tally: DecisionLog.Tally
    public let finalCash: Double
    public let commissions: Double
    /// Borrow fees charged on shorts (`--borrow-fee-pct`).
    public let borrowFees: Double
    /// The first and last bar of the equity curve, as the report writes times.
    public let period: (first: String, last: String)?
    public let bars: Int

    package init(metrics: Metrics, trades: [Trade], openPositions: Int, tally: DecisionLog.Tally, finalCash: Double, commissions: Double,
         period: (first: String, last: String)?, bars: Int, borrowFees: Double = 0) {
        self.metrics = metrics
        closedTrades = trades.count
        shortTrades = trades.filter { $0.side == .short }.count
        longTrades = trades.count - shortTrades
        self.borrowFees = borrowFees
        self.openPositions = openPositions
        winRatePct = trades.isEmpty ? nil : Double(trades.filter { $0.pnl > 0 }.count) / Double(trades.count) * 100
        tradeStatistics = TradeStatistics(trades: trades)
        self.tally = tally
        self.finalCash = finalCash
        self.commissions = commissions
        self.period = period
        self.bars = bars
    }

    /// The summary of a whole report.
    init(report: BacktestReport) {
        let r = report.result
        self.init(metrics: report.metrics, trades: report.trades, openPositions: r.openPositions.count, tally: report.tally,
                  finalCash: r.finalCash, commissions: r.commissionsPaid, period: report.period, bars: r.curve.count,
                  borrowFees: r.borrowFeesPaid)
    }

    public var orders: Int { tally.statuses.values.reduce(0, +) }

    /// Orders the policy blocked or held for approval, over all its checks.
    public var objections: Int { tally.violations.reduce(0) { $0 + $1.block + $1.needsApproval } }

    /// The JSON object, keys in contract order.
    public var jsonValue: JSONValue {
        .object([
            ("starting_cash", .money(metrics.startingCash)),
            ("final_equity", .money(metrics.finalEquity)),
            ("total_return_pct", .percent(metrics.totalReturnPct)),
            ("max_drawdown_pct", .percent(metrics.maxDrawdownPct)),
            ("closed_trades", .number(Double(closedTrades))),
            ("open_positions", .number(Double(openPositions))),
            ("win_rate_pct", .percent(winRatePct)),
            ("profit_factor", .rounded(tradeStatistics.profitFactor, 4)),
            ("expectancy", .money(tradeStatistics.expectancy)),
            ("average_win", .money(tradeStatistics.averageWin)),
            ("average_loss", .money(tradeStatistics.averageLoss)),
            ("longest_losing_streak", .number(Double(tradeStatistics.longestLosingStreak))),
            ("orders", .number(Double(orders))),
            ("sharpe", .rounded(metrics.sharpe, 4)),
            ("sortino", .rounded(metrics.sortino, 4)),
            ("cagr_pct", .percent(metrics.cagrPct)),
            ("exposure_pct", .percent(metrics.exposurePct)),
            ("orders_filled", .number(Double(tally.count(.filled)))),
            ("orders_blocked", .number(Double(tally.count(.blocked)))),
            ("orders_needing_approval", .number(Double(tally.count(.needsApproval)))),
            ("orders_unfilled", .number(Double(tally.count(.unfilled)))),
            ("orders_canceled", .number(Double(tally.count(.canceled)))),
            ("canceled_no_cash", .number(Double(tally.canceledNoCash))),
            ("final_cash", .money(finalCash)),
            ("commissions", .money(commissions)),
            ("long_trades", .number(Double(longTrades))),
            ("short_trades", .number(Double(shortTrades))),
            ("borrow_fees", .money(borrowFees)),
            ("first_bar", period.map { .string($0.first) } ?? .null),
            ("last_bar", period.map { .string($0.last) } ?? .null),
            ("bars", .number(Double(bars))),
        ])
    }
}
