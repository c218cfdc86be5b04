import MarketData
import Testing
@testable import Engine
import Vocabulary

/// `daily_max_drawdown` measures from the equity at the close of the previous trading day;
/// for intraday bars the trading day is the exchange's local date, not the UTC date.
@Suite struct TradingDayTests {
    typealias S = EngineScenario

    /// Hourly bars at New York winter time (−05:00): `(local day, local hour, open, close)`.
    static func hourly(_ bars: [(day: Int, hour: Int, open: Double, close: Double)]) -> BarSeries {
        var s = BarSeries(symbol: "XYZ")
        for bar in bars {
            s.times.append(CivilDate.days(year: 2024, month: 1, day: bar.day) * 86_400 + Int64(bar.hour + 5) * 3_600)
            s.utcOffsets.append(-5 * 3_600)
            s.open.append(bar.open); s.high.append(max(bar.open, bar.close)); s.low.append(min(bar.open, bar.close))
            s.close.append(bar.close); s.volume.append(1_000)
        }
        return s
    }

    @Test func dayStartEquityIsThePreviousLocalDaysClose() throws {
        // Cash 10,100. 2024-01-02 10:00: enter (100 shares). 19:00 (already 01-03 in UTC): fill
        // at 100, close 98.5 → equity 100 + 9,850 = 9,950, down 150 / 10,100 = 1.485 % on the
        // day → the probe buy is blocked (limit 1 %). 2024-01-03 10:00: a new local day starts
        // from 9,950 → down 0 % → the probe is allowed (and fills at 98.5 with the 100 left).
        let series = Self.hourly([(2, 10, 100, 100), (2, 19, 100, 98.5), (3, 10, 98.5, 98.5), (3, 11, 98.5, 100)])
        let text = S.strategyText("""
          - id: enter
            when: close == 100 and position == 0
            action: buy
            size: { shares: 100 }
          - id: probe
            when: close < 99
            action: buy
            size: { shares: 1 }
        """).replacingOccurrences(of: "rules:", with: "timeframe: 1Hour\nrules:")
        let policy = "policy: p\nlimits:\n  daily_max_drawdown: { percent: 1 }\n"
        for general in [false, true] {
            let result = try S.run(text, policy: policy, series: [series], settings: ExecutionSettings(startingCash: 10_100),
                                   generalLoop: general)
            #expect(result.orders.map(\.status) == [.filled, .blocked, .filled])
            #expect(result.orders.map(\.decidedAt) == ["2024-01-02T10:00:00-05:00", "2024-01-02T19:00:00-05:00", "2024-01-03T10:00:00-05:00"])
            let drawdown = try #require(result.orders[1].decision.checks.first { $0.index == 2 })
            #expect(abs(drawdown.value - 150.0 / 10_100 * 100) < 1e-9)
        }
    }
}
