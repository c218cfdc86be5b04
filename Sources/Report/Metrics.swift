import Engine

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
        var investedPoints = 0
        invested.withUnsafeBufferPointer { values in
            for value in values where value > 0 { investedPoints += 1 }
        }
        self.init(startingCash: startingCash, finalEquity: equity.last, points: equity.count, times: times,
                  investedPoints: investedPoints, of: invested.count, periodsPerYear: periodsPerYear, sums: sums)
    }

    /// A run's figures, read from its curve as it keeps them (`ReturnSums(startingCash:curve:)`).
    public init(startingCash: Double, curve: EquityCurve, periodsPerYear: Double) {
        self.init(startingCash: startingCash, curve: curve, periodsPerYear: periodsPerYear,
                  sums: ReturnSums(startingCash: startingCash, curve: curve))
    }

    package init(startingCash: Double, curve: EquityCurve, periodsPerYear: Double, sums: ReturnSums) {
        guard let marks = curve.marks else {
            self.init(startingCash: startingCash, equity: curve.pointEquity, times: curve.times, invested: curve.pointInvested,
                      periodsPerYear: periodsPerYear, sums: sums)
            return
        }
        // A stretch holding no shares is out of the market at every point; one holding
        // shares is in it wherever its value is above 0.
        var investedPoints = 0
        marks.closes.withUnsafeBufferPointer { closes in
            var i = 0
            for s in marks.stretches {
                if s.shares != 0 {
                    for j in i..<s.end where EquityCurve.invested(shares: s.shares, close: closes[marks.first + j]) > 0 { investedPoints += 1 }
                }
                i = s.end
            }
        }
        self.init(startingCash: startingCash, finalEquity: curve.equity.last, points: marks.count, times: curve.times,
                  investedPoints: investedPoints, of: marks.count, periodsPerYear: periodsPerYear, sums: sums)
    }

    /// - Parameters:
    ///   - points: how many returns the sums are over.
    ///   - investedPoints: the points with money invested, of `investedCount`.
    private init(startingCash: Double, finalEquity: Double?, points: Int, times: [Int64], investedPoints: Int, of investedCount: Int,
                 periodsPerYear: Double, sums: ReturnSums) {
        self.startingCash = startingCash
        self.finalEquity = finalEquity ?? startingCash
        totalReturnPct = (self.finalEquity / startingCash - 1) * 100
        maxDrawdownPct = sums.maxDrawdownPct
        // Per-bar returns: each close over the one before, the first over the starting cash.
        let n = Double(points)
        let mean = sums.mean
        if points > 1 {
            let variance = sums.m2 / (n - 1)
            sharpe = variance > 0 ? mean / variance.squareRoot() * periodsPerYear.squareRoot() : nil
            let downside = (sums.downsideSquares / n).squareRoot()
            sortino = downside > 0 ? mean / downside * periodsPerYear.squareRoot() : nil
        } else {
            sharpe = nil
            sortino = nil
        }
        if let first = times.first, let last = times.last, last > first, self.finalEquity > 0 {
            let years = Double(last - first) / (365.25 * 86_400)
            cagrPct = (pow(self.finalEquity / startingCash, 1 / years) - 1) * 100
        } else {
            cagrPct = nil
        }
        exposurePct = investedCount == 0 ? 0 : Double(investedPoints) / Double(investedCount) * 100
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
