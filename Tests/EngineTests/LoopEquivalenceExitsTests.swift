import MarketData
import Testing
@testable import Engine
import Vocabulary

/// `LoopEquivalenceTests` for orders with a life: exits of every kind, resting limit, stop
/// and stop-limit orders (day and gtc), and rules that read the entry values. The one-symbol
/// loops and the several-symbol loop must report the same figures, bit for bit.
@Suite struct LoopEquivalenceExitsTests {
    static let strategies: [(name: String, yaml: String)] = [
        ("every exit kind", """
        exits:
          stop_loss: { percent: 1 }
          take_profit: { percent: 2.5 }
          trailing_stop: { percent: 1.6 }
          max_bars: 8
        rules:
          - id: enter
            when: crosses_above(sma(close, 5), sma(close, 20))
            action: buy
            size: { percent_of_equity: 100 }
          - id: exit
            when: crosses_below(sma(close, 5), sma(close, 20))
            action: sell_all
        """),
        ("resting entries and entry values", """
        rules:
          - id: dip
            when: position == 0 and close < sma(close, 10)
            action: buy
            size: { percent_of_equity: 80 }
            order: { type: limit, limit: "close * 0.995", time_in_force: gtc, expire_bars: 3 }
            exits: { stop_loss: { price: "lowest(low, 5)" }, max_bars: 12 }
          - id: breakout
            when: crosses_above(close, highest(high[1], 10))
            action: buy
            size: { notional: 3000 }
            order: { type: stop, stop: "high" }
          - id: give-up
            when: unrealized_pct < -2 or (bars_held > 8 and close < entry_price) or close < lowest_since_entry * 1.001
            action: sell_all
          - id: trim
            when: close > highest_since_entry * 0.999 and bars_held >= 3
            action: sell
            size: { shares: 5 }
            order: { type: stop_limit, stop: "low", limit: "low * 0.995" }
        """),
    ]

    @Test(arguments: 0..<2)
    func allLoopsAgree(strategy index: Int) throws {
        let base = LoopEquivalenceTests()
        let (name, yaml) = Self.strategies[index]
        let series = walk(2_500, seed: UInt64(31 + index))
        for (policyName, policy) in LoopEquivalenceTests.policies {
            for (k, settings) in LoopEquivalenceTests.settings.enumerated() {
                let what = "\(name) / \(policyName) / settings \(k)"
                let reference = try base.run(yaml, policy: policy, series: [series], settings: settings, loop: .barByBar)
                let orders = reference.0.orders
                #expect(orders.count > 20, "\(what): the test needs orders")
                #expect(orders.contains { $0.exitReason != nil && $0.status == .filled } || index == 1 || policyName != "open",
                        "\(what): the test needs exits")
                base.expectSame(try base.run(yaml, policy: policy, series: [series], settings: settings, loop: .automatic, blockSize: 40),
                                reference, "\(what) / automatic")
                base.expectSame(try base.run(yaml, policy: policy, series: [series], settings: settings, loop: .general),
                                reference, "\(what) / general")
            }
        }
    }

    @Test func eachExitKindAndOrderTypeHappens() throws {
        let base = LoopEquivalenceTests()
        let open = LoopEquivalenceTests.policies[0].yaml
        let a = try base.run(Self.strategies[0].yaml, policy: open, series: [walk(2_500, seed: 31)], settings: ExecutionSettings(),
                             loop: .general).0
        let reasons = Set(a.trades.compactMap(\.exitReason))
        #expect(reasons.isSuperset(of: ["stop_loss", "take_profit", "trailing_stop", "max_bars", "exit"]), "\(reasons)")
        let b = try base.run(Self.strategies[1].yaml, policy: open, series: [walk(2_500, seed: 32)], settings: ExecutionSettings(),
                             loop: .general).0
        let filled = Set(b.orders.filter { $0.status == .filled }.map(\.orderType))
        #expect(filled.isSuperset(of: [.limit, .stop, .stopLimit]), "\(filled)")
        #expect(b.orders.contains { $0.note == "expired unfilled" })
    }
}
