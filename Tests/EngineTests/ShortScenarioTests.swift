import MarketData
import Testing
@testable import Engine
import Vocabulary

/// Short selling on a few hand-made bars each (docs/RULES.md "Short selling" and
/// "Reversals", docs/BACKTEST.md sections 2, 3 and 8), with the figures worked out by hand,
/// through every loop (one symbol bar by bar, blocks, the several-symbol timeline).
@Suite struct ShortScenarioTests {
    typealias S = EngineScenario
    static let shorts = "policy: shorts\nlimits:\n  max_short_notional: 1000000\n"

    /// Bars from (open, high, low, close), as the exit scenarios make them.
    static func bars(_ rows: [(Double, Double, Double, Double)]) -> BarSeries { ExitScenarioTests.bars(rows) }

    func run(_ yaml: String, _ series: BarSeries, policy: String = shorts, settings: ExecutionSettings = ExecutionSettings())
        throws -> [BacktestResult] {
        try [false, true].map { try S.run(yaml, policy: policy, series: [series], settings: settings, generalLoop: $0) }
    }

    func near(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    /// Sell 10 short at the close of 100 (filled at the next open, 98); cover all at the close of 90 (filled at 91).
    static let shortThenCover = S.strategyText("""
      - id: go-short
        when: close == 100
        action: sell_short
        size: { shares: 10 }
      - id: cover
        when: close == 90
        action: cover_all

    """)

    @Test func aShortSaleAddsItsProceedsToCashAndEquityCountsTheSharesBelowZero() throws {
        let series = S.series("XYZ", [(100, 100), (98, 95), (96, 90), (91, 92)])
        for r in try run(Self.shortThenCover, series) {
            #expect(r.trades.count == 1)
            let t = try #require(r.trades.first)
            #expect(t.side == .short)
            #expect(t.entryPrice == 98 && t.exitPrice == 91 && t.qty == 10)
            #expect(t.pnl == 70)                      // sold at 98, bought back at 91
            #expect(near(t.returnPct, 70.0 / 980 * 100))
            // Bar 1: cash 10,000 + 980, shares −10 at 95 → equity 10,030; bar 2 at 90 → 10,080.
            #expect(Array(r.curve.equity) == [10_000, 10_030, 10_080, 10_070])
            #expect(r.finalCash == 10_070)
            #expect(r.orders.map(\.intent.side) == [.sellShort, .buyToCover])
        }
    }

    @Test func withoutMaxShortNotionalTheShortIsBlockedAndNothingChanges() throws {
        let series = S.series("XYZ", [(100, 100), (98, 95), (96, 90), (91, 92)])
        for r in try run(Self.shortThenCover, series, policy: "policy: open\nlimits: {}\n") {
            #expect(r.orders.count == 1)
            #expect(r.orders.first?.status == .blocked)
            #expect(r.orders.first?.decision.reason.contains("add 'max_short_notional: 10000'") == true)
            #expect(r.trades.isEmpty && r.finalCash == 10_000)
        }
    }

    @Test func sellShortWhileLongSellsTheLongFirstThenOpensTheShortOnTheSameOpen() throws {
        let yaml = S.strategyText("""
          - id: go-long
            when: close == 100
            action: buy
            size: { shares: 10 }
          - id: go-short
            when: close == 120
            action: sell_short
            size: { percent_of_equity: 50 }

        """)
        // Long 10 at 101; at the close of 120 equity is 10,190: the short is 50 % of that from flat,
        // 5,095 → 42 whole shares at the next open of 119.
        let series = S.series("XYZ", [(100, 100), (101, 110), (110, 120), (119, 115), (115, 117)])
        for r in try run(yaml, series) {
            #expect(r.orders.map(\.intent.action) == [.buy, .sellAll, .sellShort])
            #expect(r.orders.map(\.decidedAt) == [S.day(0), S.day(2), S.day(2)])
            // The two halves are decided on one bar by one rule, and still have ids of their own.
            #expect(r.orders.map(\.intent.decisionId) == ["scenario:XYZ:\(S.day(0)):go-long", "scenario:XYZ:\(S.day(2)):go-short:reverse",
                                                          "scenario:XYZ:\(S.day(2)):go-short"])
            #expect(r.orders.allSatisfy { $0.status == .filled })
            #expect(r.orders.map(\.filledQty) == [10, 10, 42])
            #expect(r.trades.map(\.side) == [.long])
            #expect(r.trades.first?.pnl == 180)
            #expect(r.openPositions.first?.qty == -42)
            // Cash 10,000 − 1,010 + 1,190 + 42 × 119; equity at 117: cash − 42 × 117.
            #expect(r.finalCash == 10_180 + 4_998)
            #expect(r.curve.equity.last == Double(10_180 + 4_998 - 42 * 117))
        }
    }

    @Test func buyWhileShortCoversFirstAndABlockedCoverStopsTheBuy() throws {
        let yaml = S.strategyText("""
          - id: go-short
            when: close == 100
            action: sell_short
            size: { shares: 10 }
          - id: go-long
            when: close == 90
            action: buy
            size: { shares: 5 }

        """)
        let series = S.series("XYZ", [(100, 100), (98, 95), (96, 90), (91, 92), (92, 93)])
        for r in try run(yaml, series) {
            #expect(r.orders.map(\.intent.action) == [.sellShort, .coverAll, .buy])
            #expect(r.trades.map(\.side) == [.short])
            #expect(r.openPositions.first?.qty == 5)
        }
        // A user rule that holds every cover: the buy after it is not decided at all.
        let holdCovers = Self.shorts + "rules:\n  - id: no-covers\n    when: side == \"buy_to_cover\"\n    outcome: block\n    reason: test\n"
        for r in try run(yaml, series, policy: holdCovers) {
            #expect(r.orders.map(\.intent.action) == [.sellShort, .coverAll])
            #expect(r.orders.last?.status == .blocked)
            #expect(r.openPositions.first?.qty == -10)
        }
    }

    @Test func shortsAreWholeSharesEvenWithFractional() throws {
        let yaml = S.strategyText("""
          - id: go-short
            when: close == 100
            action: sell_short
            size: { notional: 1050 }

        """)
        let series = S.series("XYZ", [(100, 100), (100, 95)])
        for r in try run(yaml, series, settings: ExecutionSettings(fractional: true)) {
            #expect(r.orders.first?.filledQty == 10)
            #expect(r.orders.first?.intent.fractional == false)
        }
    }

    @Test func theBorrowFeeIsChargedEachTradingDayOnTheShortAtTheClose() throws {
        let series = S.series("XYZ", [(100, 100), (98, 95), (96, 90), (91, 92)])
        let settings = ExecutionSettings(borrowFeePercent: 25.2)  // 0.1 % a day
        for r in try run(Self.shortThenCover, series, settings: settings) {
            // Short at the closes of bars 1 (95) and 2 (90); covered at bar 3's open: two days.
            let fees = 10 * 95 * 0.001 + 10 * 90 * 0.001
            #expect(near(r.borrowFeesPaid, fees))
            #expect(near(r.trades.first?.pnl, 70 - fees))
            #expect(near(r.finalCash, 10_070 - fees))
            #expect(near(r.curve.equity[1], 10_030 - 0.95))
        }
    }

    @Test func mirroredExitsStopAboveTargetBelowAndTrailFromTheLowestLow() throws {
        func strategy(_ exits: String) -> String {
            "strategy: scenario\nsymbols: [XYZ]\nexits: \(exits)\n" + """
            rules:
              - id: go-short
                when: close == 101
                action: sell_short
                size: { shares: 10 }
            """
        }
        // Entry at 100 (bar 1's open). Stop 5 % above: 105, reached by bar 2's high.
        let stop = try run(strategy("{ stop_loss: { percent: 5 }, take_profit: { percent: 10 } }"),
                           Self.bars([(100, 101, 99, 101), (100, 101, 98, 99), (100, 106, 99, 104), (104, 105, 103, 104)]))
        for r in stop {
            #expect(r.trades.first?.exitReason == "stop_loss")
            #expect(near(r.trades.first?.exitPrice, 105))
            #expect(r.trades.first?.side == .short)
            #expect(r.orders.last { $0.exitReason == .stopLoss }?.intent.side == .buyToCover)
        }
        // Target 10 % below: 90, reached by bar 3's low; a bar opening under the target fills at the open.
        let target = try run(strategy("{ stop_loss: { percent: 5 }, take_profit: { percent: 10 } }"),
                             Self.bars([(100, 101, 99, 101), (100, 101, 95, 96), (95, 96, 89, 91), (91, 92, 90, 91)]))
        for r in target {
            #expect(r.trades.first?.exitReason == "take_profit")
            #expect(near(r.trades.first?.exitPrice, 90))
        }
        // Trailing 5 %: lowest low 90 by bar 2, so bar 3's stop is 94.5; its high 95 reaches it.
        let trailing = try run(strategy("{ trailing_stop: { percent: 5 } }"),
                               Self.bars([(100, 101, 99, 101), (100, 101, 95, 96), (95, 96, 90, 92), (93, 95, 92, 94)]))
        for r in trailing {
            #expect(r.trades.first?.exitReason == "trailing_stop")
            #expect(near(r.trades.first?.exitPrice, 94.5))
        }
    }

    @Test func unrealizedPctIsPositiveWhenTheShortGains() throws {
        let yaml = S.strategyText("""
          - id: go-short
            when: close == 100
            action: sell_short
            size: { shares: 10 }
          - id: take-the-gain
            when: unrealized_pct >= 10
            action: cover_all

        """)
        // Entry at 100; the close of 90 is +10 % for the short: covered at the next open.
        let series = S.series("XYZ", [(100, 100), (100, 95), (95, 90), (89, 88), (88, 87)])
        for r in try run(yaml, series) {
            #expect(r.trades.first?.exitReason == "take-the-gain")
            #expect(r.trades.first?.exitText == S.day(3))
            #expect(r.trades.first?.pnl == 110)
        }
    }
}
