import Engine

/// What the closed trades say beyond the win rate (docs/BACKTEST.md, "Trade statistics"):
/// the figures a trader checks first, from the trades in the order they closed.
public struct TradeStatistics: Sendable, Equatable {
    /// Gross profit over gross loss; nil without a losing trade (nothing to divide by).
    public let profitFactor: Double?
    /// The mean profit per closed trade in dollars; nil without trades.
    public let expectancy: Double?
    /// The mean profit of the winning trades (pnl > 0); nil without one.
    public let averageWin: Double?
    /// The mean loss of the losing trades (pnl < 0, a negative number); nil without one.
    public let averageLoss: Double?
    /// The most losing trades in a row (in the order they closed).
    public let longestLosingStreak: Int

    public init(trades: [Trade]) {
        let wins = trades.map(\.pnl).filter { $0 > 0 }, losses = trades.map(\.pnl).filter { $0 < 0 }
        let gain = wins.reduce(0, +), loss = losses.reduce(0, +)
        profitFactor = losses.isEmpty ? nil : gain / -loss
        expectancy = trades.isEmpty ? nil : trades.map(\.pnl).reduce(0, +) / Double(trades.count)
        averageWin = wins.isEmpty ? nil : gain / Double(wins.count)
        averageLoss = losses.isEmpty ? nil : loss / Double(losses.count)
        var streak = 0, longest = 0
        for trade in trades {
            streak = trade.pnl < 0 ? streak + 1 : 0
            longest = max(longest, streak)
        }
        longestLosingStreak = longest
    }
}
