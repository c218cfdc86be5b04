import MarketData
import Testing
@testable import Engine

/// The fill and accounting model through the whole engine, on a handful of bars each.
@Suite struct FillScenarioTests {
    typealias S = EngineScenario

    @Test func gapUpOpenLeavesLessCashThanTheNotional() throws {
        // Bar 0 (close 100): buy 50 shares. Bar 1: fill 50 at 100 → cash 5,000; close 110 →
        // equity 10,500, so 100 % of equity is a notional of 10,500. Bar 2 gaps up to 120:
        // floor(10,500 / 120) = 87 wanted, but cash 5,000 pays for floor(5,000 / 120) = 41.
        let result = try S.run(S.strategyText("""
          - id: first
            when: close == 100
            action: buy
            size: { shares: 50 }
          - id: rest
            when: close == 110
            action: buy
            size: { percent_of_equity: 100 }
        """), series: [S.series("XYZ", [(100, 100), (100, 110), (120, 121)])])
        #expect(result.orders.map(\.status) == [.filled, .filled])
        #expect(result.orders[1].intent.notional == 10_500)
        #expect(result.orders[1].filledQty == 41)
        #expect(result.finalCash == 80)  // 5,000 − 41 × 120
        #expect(result.openPositions.first?.qty == 91)
        #expect(result.curve.equity.last == 11_091, "\(result.curve.equity.last! - 11_091)")
    }

    @Test func zeroAffordableSharesCancelTheOrder() throws {
        let result = try S.run(S.strategyText("""
          - id: buy-one
            when: close == 100
            action: buy
            size: { shares: 1 }
        """), series: [S.series("XYZ", [(100, 100), (100.5, 101)])], settings: ExecutionSettings(startingCash: 100))
        #expect(result.orders.map(\.status) == [.canceled])
        #expect(result.orders[0].note == "not enough cash for one share at the open")
        #expect(result.finalCash == 100 && result.trades.isEmpty && result.openPositions.isEmpty)
    }

    @Test func sellingWhatIsNotHeldMakesNoOrder() throws {
        // The first matching rule acts; when it has nothing to do (sell with no position),
        // the bar makes no order and later rules are not tried.
        let result = try S.run(S.strategyText("""
          - id: exit
            when: close > 0
            action: sell_all
          - id: enter
            when: close > 0
            action: buy
            size: { shares: 1 }
        """), series: [S.closes("XYZ", [100, 101, 102])])
        #expect(result.orders.isEmpty)
    }

    @Test func aSignalOnTheLastBarIsReportedUnfilled() throws {
        let result = try S.run(S.strategyText("""
          - id: late
            when: close > 102
            action: buy
            size: { shares: 10 }
        """), series: [S.closes("XYZ", [100, 101, 103])])
        #expect(result.orders.count == 1)
        #expect(result.orders[0].status == .unfilled)
        #expect(result.orders[0].decidedAt == S.day(2))
        #expect(result.orders[0].filledQty == nil && result.orders[0].note == "decided on the last bar: no next open to fill at")
        #expect(result.finalCash == 10_000 && result.curve.equity.last == 10_000)
    }

    @Test func commissionMinimumAndSlippageReachCashAndTrade() throws {
        // Buy 10 at open 100 + 20 bps = 100.2 (commission max(1, 0.05) = 1), sell at
        // 110 − 20 bps = 109.78 (commission 1): pnl = 1,097.8 − 1,002 − 2 = 93.8.
        let result = try S.run(S.strategyText("""
          - id: enter
            when: close == 100
            action: buy
            size: { shares: 10 }
          - id: exit
            when: close == 105
            action: sell_all
        """), series: [S.series("XYZ", [(100, 100), (100, 105), (110, 111)])],
            settings: ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, slippageBps: 20))
        let trade = try #require(result.trades.first)
        #expect(abs(trade.entryPrice - 100.2) < 1e-9 && abs(trade.exitPrice - 109.78) < 1e-9)
        #expect(abs(trade.pnl - 93.8) < 1e-9)
        #expect(abs(result.finalCash - 10_093.8) < 1e-9)
        #expect(result.commissionsPaid == 2)
    }

    @Test func aRoundTripAddsUpEveryBuyAndSell() throws {
        // Buys of 10 at 100 and 10 at 110, sells of 15 at 120 and 5 at 90:
        // entry price 105, exit price (1,800 + 450) / 20 = 112.5, pnl 2,250 − 2,100 = 150.
        let result = try S.run(S.strategyText("""
          - id: add
            when: close < 99
            action: buy
            size: { shares: 10 }
          - id: trim
            when: close > 200
            action: sell
            size: { shares: 15 }
          - id: out
            when: close > 150
            action: sell_all
        """), series: [S.series("XYZ", [(98, 98), (100, 98), (110, 250), (120, 151), (90, 100)])])
        #expect(result.orders.map(\.status) == [.filled, .filled, .filled, .filled])
        let trade = try #require(result.trades.first)
        #expect(result.trades.count == 1 && result.openPositions.isEmpty)
        #expect(trade.entryText == S.day(1) && trade.exitText == S.day(4))
        #expect(trade.qty == 20 && trade.entryPrice == 105 && trade.exitPrice == 112.5 && trade.pnl == 150)
    }

    @Test func anOpenPositionAtTheEndIsMarkedAndNotATrade() throws {
        let result = try S.run(S.strategyText("""
          - id: enter
            when: close == 100
            action: buy
            size: { shares: 10 }
        """), series: [S.series("XYZ", [(100, 100), (100, 101), (102, 107)])])
        #expect(result.trades.isEmpty)
        let open = try #require(result.openPositions.first)
        #expect(open.qty == 10 && open.mark == 107 && open.entryText == S.day(1))
        #expect(open.unrealizedPnl == 70)
        #expect(result.curve.equity.last == 10_070, "\(result.curve.equity.last! - 10_070)")
    }
}
