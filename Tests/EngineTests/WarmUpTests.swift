import MarketData
import RuleLanguage
import Testing
@testable import Engine

/// When each indicator is first defined, counting bars from 0: a rule is evaluated only
/// once every value it reads exists, so its first possible order is on that bar.
@Suite struct WarmUpTests {
    typealias S = EngineScenario

    static let firstBars: [(condition: String, bar: Int)] = [
        ("sma(close, 10) > 0", 9),
        ("ema(close, 10) > 0", 9),
        ("rsi(close, 14) >= 0", 14),
        ("highest(close, 5) > 0", 4),
        ("lowest(close, 5) > 0", 4),
        ("close[3] > 0", 3),
        ("sma(sma(close, 5), 5) > 0", 8),
        ("rsi(sma(close, 3), 2) >= 0", 4),
        ("close > 0 and sma(close, 20) > 0", 19),
    ]

    @Test(arguments: firstBars)
    func firstDecisionBar(_ c: (condition: String, bar: Int)) throws {
        let text = S.strategyText("""
          - id: probe
            when: \(c.condition)
            action: buy
            size: { shares: 1 }
        """)
        #expect(try S.strategy(text).rules[0].lookback == c.bar)
        let rising = S.closes("XYZ", (0..<40).map { 100 + Double($0) })
        let result = try S.run(text, series: [rising])
        #expect(result.orders.first?.decidedAt == S.day(c.bar), "\(c.condition)")
    }

    @Test func aCrossNeedsTheValuesOfThePreviousBar() throws {
        let text = S.strategyText("""
          - id: cross
            when: crosses_above(sma(close, 10), sma(close, 30))
            action: buy
            size: { shares: 1 }
        """)
        #expect(try S.strategy(text).rules[0].lookback == 30)
        // Flat until bar 29, up on bar 30: at bar 29 both averages are 100 (fast ≤ slow),
        // at bar 30 fast 110 > slow 103.3 — the first possible cross is on bar 30.
        let flatThenUp = S.closes("XYZ", Array(repeating: 100, count: 30) + [200, 200, 200])
        #expect(try S.run(text, series: [flatThenUp]).orders.map(\.decidedAt) == [S.day(30)])
        // Up on bar 29: fast > slow already on bar 29, but bar 28 has no slow average, so
        // there is no cross on 29, and none on 30 (fast was already above).
        let upOn29 = S.closes("XYZ", Array(repeating: 100, count: 29) + [200, 200, 200, 200])
        #expect(try S.run(text, series: [upOn29]).orders.isEmpty)
    }

    @Test func flatPricesGiveAnRSIOf50() throws {
        let result = try S.run(S.strategyText("""
          - id: neutral
            when: rsi(close, 14) == 50
            action: buy
            size: { shares: 1 }
        """), series: [S.closes("XYZ", Array(repeating: 100, count: 16))])
        #expect(result.orders.first?.decidedAt == S.day(14))
    }

    @Test func barsBeforeFromOnlyWarmUp() throws {
        let text = S.strategyText("""
          - id: probe
            when: sma(close, 3) > 0
            action: buy
            size: { shares: 1 }
        """)
        let series = S.closes("XYZ", (0..<10).map { 100 + Double($0) })
        let from = (S.firstDay + 5) * 86_400
        for general in [false, true] {
            let result = try S.run(text, series: [series], from: from, generalLoop: general)
            #expect(result.orders.first?.decidedAt == S.day(5))
            #expect(result.curve.count == 5 && result.curve.timeTexts.first == S.day(5))
            #expect(result.curve.equity.first == 10_000)
        }
    }

    @Test func barsAfterToDoNotExist() throws {
        let text = S.strategyText("""
          - id: probe
            when: close > 104
            action: buy
            size: { shares: 1 }
        """)
        let series = S.closes("XYZ", (0..<10).map { 100 + Double($0) })
        let result = try S.run(text, series: [series], to: (S.firstDay + 5) * 86_400 + 86_399)
        #expect(result.curve.count == 6)
        // Decided on bar 5, the last bar inside --to: unfilled, though bar 6 exists in the file.
        #expect(result.orders.map(\.status) == [.unfilled])
    }
}
