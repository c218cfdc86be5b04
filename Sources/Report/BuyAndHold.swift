import MarketData
import Vocabulary

/// The benchmark: the same starting cash buys whole shares of one symbol at the first
/// bar's open and holds them to the last close. Leftover cash stays cash.
public struct BuyAndHold: Sendable {
    public let symbol: String
    public let shares: Double
    public let entryPrice: Double
    public let cashLeft: Double
    public let times: [Int64]
    public let equity: [Double]
    public let finalEquity: Double
    public let totalReturnPct: Double
    public let maxDrawdownPct: Double

    /// Bars in `from...to` (UTC seconds, inclusive) of `series`; nil when none.
    public init?(series: BarSeries, cash: Double, from: Int64?, to: Int64?) {
        let lower = from ?? .min, upper = to ?? .max
        let indices = series.times.indices.filter { series.times[$0] >= lower && series.times[$0] <= upper }
        guard let first = indices.first else { return nil }
        symbol = series.symbol
        entryPrice = series.open[first]
        let shares = ShareRounding.shares(cash / series.open[first], fractional: false)
        let cashLeft = cash - shares * series.open[first]
        self.shares = shares
        self.cashLeft = cashLeft
        times = indices.map { series.times[$0] }
        let equity = indices.map { cashLeft + shares * series.close[$0] }
        self.equity = equity
        finalEquity = equity.last ?? cash
        totalReturnPct = (finalEquity / cash - 1) * 100
        maxDrawdownPct = Metrics.maxDrawdown(equity)
    }
}
