import Foundation
import MarketData
import Testing
@testable import Engine
import Vocabulary

/// One cash pool across symbols, the order things happen in at a timestamp, and how the
/// policy sees orders that are decided but not filled yet.
@Suite struct PortfolioTimelineTests {
    typealias S = EngineScenario

    static let buyEverything = """
      - id: all-in
        when: close == 100
        action: buy
        size: { percent_of_equity: 100 }
    """

    @Test func symbolsShareOneCashPoolInStrategyOrder() throws {
        // Both symbols decide 100 % of equity (10,000) on bar 0. At bar 1's open the first
        // symbol in the strategy's list fills first and takes the cash; the second is canceled.
        let bars = [S.series("AAA", [(100, 100), (100, 101)]), S.series("BBB", [(100, 100), (100, 101)])]
        for (symbols, winner) in [(["AAA", "BBB"], "AAA"), (["BBB", "AAA"], "BBB")] {
            let result = try S.run(S.strategyText(symbols: symbols, Self.buyEverything), series: bars)
            #expect(result.orders.map(\.status) == [.filled, .canceled])
            #expect(result.orders[0].intent.symbol == winner && result.orders[0].filledQty == 100)
            #expect(result.finalCash == 0)
        }
    }

    @Test func fillsOfEverySymbolComeBeforeAnyDecision() throws {
        // BBB comes first in the strategy, yet on bar 2 it decides with the cash of AAA's sale
        // at bar 2's open: 5,000 + 50 × 110 = 10,500 (all fills at a timestamp, then decisions).
        let rules = """
          - id: enter
            when: close == 100
            action: buy
            size: { shares: 50 }
          - id: exit
            when: close == 120
            action: sell_all
          - id: switch
            when: close == 50
            action: buy
            size: { percent_of_equity: 100 }
        """
        let aaa = S.series("AAA", [(100, 100), (100, 120), (110, 111), (111, 112)])
        let bbb = S.series("BBB", [(49, 49), (49, 49), (49, 50), (50, 51)])
        let result = try S.run(S.strategyText(symbols: ["BBB", "AAA"], rules), series: [aaa, bbb])
        let switchOrder = try #require(result.orders.first { $0.intent.symbol == "BBB" })
        #expect(switchOrder.decidedAt == S.day(2))
        #expect(switchOrder.intent.notional == 10_500)
        #expect(switchOrder.filledQty == 210)  // 10,500 / 50
    }

    @Test func pendingOrdersCountAgainstLimits() throws {
        // Gross limit 10,000: AAA's 6,000 passes alone; BBB's 6,000 on the same bar would
        // make 12,000 with AAA's pending order, so it is blocked.
        let rules = """
          - id: buy
            when: close == 100
            action: buy
            size: { notional: 6000 }
        """
        let bars = [S.series("AAA", [(100, 100), (100, 101)]), S.series("BBB", [(100, 100), (100, 101)])]
        let result = try S.run(S.strategyText(symbols: ["AAA", "BBB"], rules), policy: "policy: p\nlimits:\n  max_gross_notional: 10000\n",
                               series: bars)
        #expect(result.orders.map(\.status) == [.filled, .blocked])
        let gross = try #require(result.orders[1].decision.checks.first { $0.index == 1 })
        #expect(gross.value == 12_000 && gross.limit == 10_000)
    }

    @Test func pendingOrdersOfSeveralSymbolsCountTogether() throws {
        // BBB decides on day 0 and fills at its next bar, day 2; AAA decides on day 1 and
        // fills on day 2. CCC, deciding on day 1 after AAA, sees both orders pending (decided
        // out of symbol order): cash and gross exposure as if both had filled at their
        // decision prices. The same in blocks and on the bar-by-bar timeline.
        let rules = """
          - id: buy
            when: close == 100
            action: buy
            size: { notional: 2000 }
        """
        var bbb = S.series("BBB", [(100, 100), (90, 90), (90, 90)])
        bbb.times[1] += 86_400  // days 0, 2, 3
        bbb.times[2] += 86_400
        let aaa = S.series("AAA", [(100, 100), (95, 95), (95, 95)], firstDay: S.firstDay + 1)
        let ccc = S.series("CCC", [(100, 100), (80, 80), (80, 80)], firstDay: S.firstDay + 1)
        for general in [false, true] {
            let result = try S.run(S.strategyText(symbols: ["AAA", "BBB", "CCC"], rules), series: [aaa, bbb, ccc],
                                   generalLoop: general)
            #expect(result.orders.map { "\($0.intent.symbol) \($0.decidedAt)" } == ["BBB \(S.day(0))", "AAA \(S.day(1))", "CCC \(S.day(1))"])
            let seen = try #require(result.orders.last).decision.account
            #expect(seen.cash == 6_000 && seen.grossExposure == 4_000 && seen.position == 0)
            #expect(result.orders.map(\.status) == [.filled, .filled, .filled])
        }
    }

    @Test func ordersNeedingApprovalRunOnlyWithApproveAll() throws {
        let rules = """
          - id: buy
            when: close == 100
            action: buy
            size: { notional: 6000 }
        """
        let policy = "policy: p\nlimits:\n  approval_threshold: { notional: 5000 }\n"
        let bars = [S.series("XYZ", [(100, 100), (100, 101)])]
        let guarded = try S.run(S.strategyText(rules), policy: policy, series: bars)
        #expect(guarded.orders.map(\.status) == [.needsApproval] && guarded.finalCash == 10_000)
        let unguarded = try S.run(S.strategyText(rules), policy: policy, series: bars, settings: ExecutionSettings(approveAll: true))
        #expect(unguarded.orders.map(\.status) == [.filled] && unguarded.finalCash == 4_000)
    }

    @Test func thePolicyJudgesTheDecidedNotional() throws {
        // 100 % of equity = 10,000 at the decision close passes a 10,000 position limit,
        // even though the gap-down open then buys 125 shares.
        let result = try S.run(S.strategyText(Self.buyEverything),
                               policy: "policy: p\nlimits:\n  max_position_per_symbol: { notional: 10000 }\n",
                               series: [S.series("XYZ", [(100, 100), (80, 81)])])
        #expect(result.orders.map(\.status) == [.filled])
        #expect(result.orders[0].filledQty == 125)
    }

    @Test func oneSymbolLoopAndGeneralLoopAgree() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/daily/SPY.csv").path
        let spy = try #require(try BarLoader.load(path: path).series.first)
        let text = S.strategyText(symbols: ["SPY"], """
          - id: oversold
            when: rsi(close, 14) < 30
            action: buy
            size: { percent_of_equity: 100 }
          - id: overbought
            when: rsi(close, 14) > 70
            action: sell_all
        """)
        let policy = "policy: p\nlimits:\n  approval_threshold: { notional: 15000 }\n  daily_max_drawdown: { percent: 2 }\n"
        let settings = ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, slippageBps: 5)
        let from = CivilDate.days(year: 2001, month: 1, day: 1) * 86_400
        let fast = try S.run(text, policy: policy, series: [spy], settings: settings, from: from)
        let general = try S.run(text, policy: policy, series: [spy], settings: settings, from: from, generalLoop: true)
        #expect(fast.curve == general.curve)
        #expect(fast.trades == general.trades)
        #expect(fast.orders.map(\.status) == general.orders.map(\.status))
        #expect(fast.orders.map(\.filledQty) == general.orders.map(\.filledQty))
        #expect(fast.finalCash == general.finalCash && fast.trades.count > 5)
    }
}
