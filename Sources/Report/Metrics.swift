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
        self.startingCash = startingCash
        finalEquity = equity.last ?? startingCash
        totalReturnPct = (finalEquity / startingCash - 1) * 100
        maxDrawdownPct = Self.maxDrawdown(equity)
        // Per-bar returns: each close over the one before, the first over the starting cash.
        // Two passes and no array (a sweep computes this thousands of times); every sum adds
        // the same terms in the same order as summing a returns array would, so the figures
        // are the same to the last bit.
        let n = Double(equity.count)
        var sum = 0.0, downsideSquares = 0.0
        var previous = startingCash
        for e in equity {
            let r = previous != 0 ? e / previous - 1 : 0
            sum += r
            downsideSquares += min(r, 0) * min(r, 0)
            previous = e
        }
        let mean = sum / max(n, 1)
        if equity.count > 1 {
            var squares = 0.0
            previous = startingCash
            for e in equity {
                let r = previous != 0 ? e / previous - 1 : 0
                squares += (r - mean) * (r - mean)
                previous = e
            }
            let variance = squares / (n - 1)
            sharpe = variance > 0 ? mean / variance.squareRoot() * periodsPerYear.squareRoot() : nil
            let downside = (downsideSquares / n).squareRoot()
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
        for value in invested where value > 0 { investedBars += 1 }
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
