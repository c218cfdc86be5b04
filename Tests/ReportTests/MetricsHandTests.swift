import Foundation
import MarketData
import Testing
@testable import Report

/// Every report figure on inputs small enough to compute on paper (the arithmetic is in
/// the comments; docs/BACKTEST.md has the formulas).
@Suite struct MetricsHandTests {
    static let year: Int64 = 31_557_600  // 365.25 days

    @Test func sharpeSortinoAndDrawdownOfThreeBars() throws {
        // Start 100; closes 110, 99, 108.9 → returns +10 %, −10 %, +10 %.
        // mean = 0.1/3; sample sd = sqrt((2 × (0.2/3)² + (0.4/3)²) / 2) = 0.11547;
        // Sharpe = (0.1/3) / 0.11547 × sqrt(252) = sqrt(21) = 4.5826.
        // downside = sqrt(0.1² / 3) = 0.057735; Sortino = (0.1/3) / 0.057735 × sqrt(252) = sqrt(84) = 9.1652.
        // Max drawdown = (110 − 99) / 110 = 10 %. Exposure: invested on 1 of 3 bars.
        let m = Metrics(startingCash: 100, equity: [110, 99, 108.9], times: [0, 86_400, 172_800], invested: [0, 50, 0],
                        periodsPerYear: 252)
        #expect(abs(m.sharpe! - 21.0.squareRoot()) < 1e-9)
        #expect(abs(m.sortino! - 84.0.squareRoot()) < 1e-9)
        #expect(abs(m.maxDrawdownPct - 10) < 1e-9)
        #expect(abs(m.totalReturnPct - 8.9) < 1e-9)
        #expect(abs(m.exposurePct - 100.0 / 3) < 1e-9)
    }

    @Test func cagrOverTwoYears() throws {
        // 100 → 121 between the first and the last bar, two years apart: 1.21^(1/2) − 1 = 10 %.
        let m = Metrics(startingCash: 100, equity: [110, 121], times: [0, 2 * Self.year], invested: [1, 1], periodsPerYear: 252)
        #expect(abs(m.cagrPct! - 10) < 1e-9)
        #expect(m.exposurePct == 100)
    }

    @Test func figuresThatDoNotExist() {
        // One bar: no Sharpe, no Sortino, no CAGR (no time span).
        let one = Metrics(startingCash: 100, equity: [105], times: [0], invested: [0], periodsPerYear: 252)
        #expect(one.sharpe == nil && one.sortino == nil && one.cagrPct == nil)
        // Never a losing bar: Sortino has no downside to divide by. Constant returns: no Sharpe.
        let up = Metrics(startingCash: 100, equity: [110, 121, 133.1], times: [0, 1, 2], invested: [0, 0, 0], periodsPerYear: 252)
        #expect(up.sortino == nil && up.maxDrawdownPct == 0 && up.exposurePct == 0)
        let flat = Metrics(startingCash: 100, equity: [100, 100, 100], times: [0, 1, 2], invested: [0, 0, 0], periodsPerYear: 252)
        #expect(flat.sharpe == nil && flat.sortino == nil)
    }

    @Test func maxDrawdownIsTheLargestFallFromAPeak() {
        // 120 → 90 is 25 %, 130 → 65 is 50 %.
        #expect(Metrics.maxDrawdown([100, 120, 90, 130, 65]) == 50)
        #expect(Metrics.maxDrawdown([100, 101, 102]) == 0)
        #expect(Metrics.maxDrawdown([]) == 0)
    }

    @Test func periodsPerYearByTimeframe() {
        #expect(Metrics.periodsPerYear(timeframe: "1Day") == 252)
        #expect(Metrics.periodsPerYear(timeframe: "1Hour") == 1_764)
        #expect(Metrics.periodsPerYear(timeframe: "5Min") == 19_656)
        #expect(Metrics.periodsPerYear(timeframe: "1Min") == 98_280)
    }

    static func bars(_ pairs: [(Double, Double)]) -> BarSeries {
        var s = BarSeries(symbol: "SPY")
        for (i, (open, close)) in pairs.enumerated() {
            s.times.append(Int64(i) * 86_400)
            s.open.append(open); s.high.append(max(open, close)); s.low.append(min(open, close))
            s.close.append(close); s.volume.append(1)
        }
        return s
    }

    @Test func benchmarkBuysWholeSharesAtTheFirstOpen() throws {
        // 10,000 / 300 → 33 shares (9,900), 100 left in cash.
        // Equity 100 + 33 × close: 10,330, 9,670, 10,660 → return 6.6 %, drawdown 660 / 10,330.
        let b = try #require(BuyAndHold(series: Self.bars([(300, 310), (305, 290), (295, 320)]), cash: 10_000, from: nil, to: nil))
        #expect(b.shares == 33 && b.entryPrice == 300 && b.cashLeft == 100)
        #expect(b.equity == [10_330, 9_670, 10_660])
        #expect(abs(b.totalReturnPct - 6.6) < 1e-9)
        #expect(abs(b.maxDrawdownPct - 660.0 / 10_330 * 100) < 1e-9)
        // --from moves the entry to the first bar inside the window: 10,000 / 305 → 32 shares.
        let later = try #require(BuyAndHold(series: Self.bars([(300, 310), (305, 290), (295, 320)]), cash: 10_000, from: 86_400, to: nil))
        #expect(later.shares == 32 && later.entryPrice == 305 && later.equity.count == 2)
        // 0.3 / 0.1 is 2.9999999999999996 in binary: still 3 whole shares.
        #expect(BuyAndHold(series: Self.bars([(0.1, 0.1)]), cash: 0.3, from: nil, to: nil)?.shares == 3)
        #expect(BuyAndHold(series: Self.bars([(300, 310)]), cash: 10_000, from: 86_400, to: nil) == nil)
    }
}
