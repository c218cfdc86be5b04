/// Performance figures of an equity curve. Every formula is written out here and in
/// docs/BACKTEST.md so they can be checked by hand.
public struct Metrics: Sendable, Equatable {
    public let startingCash: Double
    public let finalEquity: Double
    public let totalReturnPct: Double
    /// Largest fall from a previous peak, as a positive percentage.
    public let maxDrawdownPct: Double
    /// Annualised mean / standard deviation (sample) of per-bar returns; risk-free rate 0.
    public let sharpe: Double?
    /// Annualised mean / downside deviation (root mean square of negative returns, over all bars).
    public let sortino: Double?
    public let cagrPct: Double?
    /// Share of bars that ended with money invested.
    public let exposurePct: Double

    /// Bars per year for annualising: 252 trading days; intraday bars per day as in the data
    /// (regular session): 1Hour 7, 30Min 13, 15Min 26, 5Min 78, 1Min 390.
    public static func periodsPerYear(timeframe: String) -> Double {
        switch timeframe {
        case "1Hour": return 252 * 7
        case "30Min": return 252 * 13
        case "15Min": return 252 * 26
        case "5Min": return 252 * 78
        case "1Min": return 252 * 390
        default: return 252
        }
    }

    public init(startingCash: Double, equity: [Double], times: [Int64], invested: [Double], periodsPerYear: Double) {
        self.init(startingCash: startingCash, equity: equity, times: times, invested: invested, periodsPerYear: periodsPerYear,
                  sums: ReturnSums(startingCash: startingCash, equity: equity))
    }

    /// The figures of `equity` from its sums (`ReturnSums(startingCash:equity:)`), which a
    /// sweep also makes its `ReturnMoments` from.
    package init(startingCash: Double, equity: [Double], times: [Int64], invested: [Double], periodsPerYear: Double,
                 sums: ReturnSums) {
        self.startingCash = startingCash
        finalEquity = equity.last ?? startingCash
        totalReturnPct = (finalEquity / startingCash - 1) * 100
        maxDrawdownPct = sums.maxDrawdownPct
        // Per-bar returns: each close over the one before, the first over the starting cash.
        let n = Double(equity.count)
        let mean = sums.mean
        if equity.count > 1 {
            let variance = sums.m2 / (n - 1)
            sharpe = variance > 0 ? mean / variance.squareRoot() * periodsPerYear.squareRoot() : nil
            let downside = (sums.downsideSquares / n).squareRoot()
            sortino = downside > 0 ? mean / downside * periodsPerYear.squareRoot() : nil
        } else {
            sharpe = nil
            sortino = nil
        }
        if let first = times.first, let last = times.last, last > first, finalEquity > 0 {
            let years = Double(last - first) / (365.25 * 86_400)
            cagrPct = (pow(finalEquity / startingCash, 1 / years) - 1) * 100
        } else {
            cagrPct = nil
        }
        var investedBars = 0
        invested.withUnsafeBufferPointer { values in
            for value in values where value > 0 { investedBars += 1 }
        }
        exposurePct = invested.isEmpty ? 0 : Double(investedBars) / Double(invested.count) * 100
    }

    public static func maxDrawdown(_ equity: [Double]) -> Double {
        var peak = -Double.infinity, worst = 0.0
        for e in equity {
            peak = max(peak, e)
            if peak > 0 { worst = max(worst, (peak - e) / peak * 100) }
        }
        return worst
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
