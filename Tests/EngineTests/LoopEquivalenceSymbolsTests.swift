import MarketData
import Testing
@testable import Engine
import Vocabulary

/// Several symbols a block at a time (`runSymbolBlocks`) against the bar-by-bar timeline
/// (`runSymbols`): three symbols on different calendars (one starts later, one skips days
/// and trades at hours no other has) sharing one cash pool, so fills compete for cash, orders
/// wait on other symbols' bars and today's starting equity comes from another symbol's
/// bar. Every figure must be the same, bit for bit.
@Suite struct LoopEquivalenceSymbolsTests {
    static let strategies: [(name: String, yaml: String)] = [
        ("sma crossover, fills competing for cash", """
        rules:
          - id: enter
            when: crosses_above(sma(close, 5), sma(close, 20))
            action: buy
            size: { percent_of_equity: 70 }
          - id: exit
            when: crosses_below(sma(close, 5), sma(close, 20))
            action: sell_all
        """),
        ("every indicator and condition form", LoopEquivalenceTests.strategies[1].yaml),
        ("the bands, MACD and the indicators of the whole bar", LoopEquivalenceTests.strategies[4].yaml),
        ("rules that read the position", """
        rules:
          - id: enter-flat
            when: position == 0 and crosses_above(close, sma(close, 20))
            action: buy
            size: { percent_of_equity: 45 }
          - id: add
            when: position > 0 and position < 40 and rsi(close, 5) < 30
            action: buy
            size: { shares: 5 }
          - id: take-profit
            when: position_value > 3000 and rsi(close, 5) > 70
            action: sell_all
        """),
        ("shorts and reversals", """
        rules:
          - id: short
            when: crosses_below(sma(close, 5), sma(close, 20))
            action: sell_short
            size: { percent_of_equity: 40 }
          - id: long
            when: crosses_above(sma(close, 5), sma(close, 20))
            action: buy
            size: { percent_of_equity: 40 }
          - id: cover
            when: position < 0 and rsi(close, 7) < 25
            action: cover_all
        """),
        ("another symbol's values", """
        rules:
          - id: enter-in-uptrend
            when: position == 0 and crosses_above(close, sma(close, 10)) and REF.close > sma(REF.close, 30)
            action: buy
            size: { percent_of_equity: 50 }
          - id: exit-on-weakness
            when: position > 0 and (crosses_below(close, sma(close, 10)) or REF.close < sma(REF.close, 30))
            action: sell_all
        """),
    ]

    /// AAA every day; BBB from day 300 on; CCC without every 7th day and, every 11th day, at
    /// noon (a time no other symbol has a bar).
    static func symbols() -> [BarSeries] {
        func copy(_ w: BarSeries, as symbol: String, _ keep: (Int) -> Int64?) -> BarSeries {
            var s = BarSeries(symbol: symbol)
            for i in 0..<w.count {
                guard let time = keep(i) else { continue }
                s.times.append(time)
                s.open.append(w.open[i]); s.high.append(w.high[i]); s.low.append(w.low[i]); s.close.append(w.close[i])
                s.volume.append(w.volume[i] + Double(i % 13) * 50_000)
            }
            return s
        }
        return [copy(walk(2_000, seed: 41), as: "AAA") { Int64($0) * 86_400 },
                copy(walk(2_300, seed: 42), as: "BBB") { $0 < 300 ? nil : Int64($0) * 86_400 },
                copy(walk(2_000, seed: 43), as: "CCC") { $0 % 7 == 3 ? nil : Int64($0) * 86_400 + ($0 % 11 == 5 ? 43_200 : 0) }]
    }

    static let reference = ["REF": walk(2_400, seed: 44)]

    /// No limits but the short sales' (so every symbol's orders fill), and the guarded policy of
    /// `LoopEquivalenceTests` (blocks, approvals, today's drawdown).
    static let policies: [(name: String, yaml: String)] = [
        (name: "open", yaml: "policy: open\nlimits:\n  max_short_notional: 1000000\n"), LoopEquivalenceTests.policies[1],
    ]

    @Test(arguments: 0..<6)
    func blocksAgreeWithTheTimeline(strategy index: Int) throws {
        let base = LoopEquivalenceTests()
        let (name, yaml) = Self.strategies[index]
        let series = Self.symbols()
        let c = try base.core(yaml, policy: LoopEquivalenceTests.policies[0].yaml, symbols: series.map(\.symbol), fractional: false)
        let backtester = Backtester(core: c, series: series, options: .init(), references: Self.reference)
        #expect(backtester.symbolEvaluators() != nil, "\(name): runs a block at a time")
        for (policyName, policy) in Self.policies {
            for (k, settings) in LoopEquivalenceTests.settings.enumerated() {
                let what = "\(name) / \(policyName) / settings \(k)"
                let timeline = try base.run(yaml, policy: policy, series: series, settings: settings, loop: .general,
                                            references: Self.reference)
                let orders = timeline.0.orders
                #expect(orders.count > 30, "\(what): the test needs orders")
                if policyName == "open" {
                    #expect(Set(orders.filter { $0.status == .filled }.map(\.intent.symbol)).count == 3, "\(what): every symbol trades")
                }
                for size in [8, 256] {
                    base.expectSame(try base.run(yaml, policy: policy, series: series, settings: settings, loop: .automatic, blockSize: size,
                                                 references: Self.reference), timeline, "\(what) / blocks of \(size)")
                }
                // Windows computed on a second thread (strategies that read the account decline it).
                base.expectSame(try base.run(yaml, policy: policy, series: series, settings: settings, loop: .automatic, blockSize: 16,
                                             pipelined: true, references: Self.reference), timeline, "\(what) / windows on a second thread")
                let from = series[0].times[600], to = series[0].times[1_700]
                base.expectSame(try base.run(yaml, policy: policy, series: series, settings: settings, loop: .automatic, blockSize: 64,
                                             from: from, to: to, references: Self.reference),
                                try base.run(yaml, policy: policy, series: series, settings: settings, loop: .general,
                                             from: from, to: to, references: Self.reference), "\(what) / from, to")
            }
        }
    }

    /// The first strategy wants 70 % of equity on each symbol: the second symbol to fill on a
    /// day finds too little cash.
    @Test func fillsCompeteForCash() throws {
        let base = LoopEquivalenceTests()
        let result = try base.run(Self.strategies[0].yaml, policy: Self.policies[0].yaml, series: Self.symbols(),
                                  settings: ExecutionSettings(), loop: .automatic).0
        #expect(result.orders.contains { $0.status == .canceled && $0.intent.side == .buy }, "a buy canceled for cash")
        let shorts = try base.run(Self.strategies[4].yaml, policy: Self.policies[0].yaml, series: Self.symbols(),
                                  settings: ExecutionSettings(), loop: .automatic).0
        #expect(shorts.trades.contains { $0.side == .short }, "short trades")
    }

    /// A rule over equity or cash reads what every symbol moves between one symbol's rows:
    /// such a strategy runs bar by bar, with the same results.
    @Test func rulesOverEquityRunBarByBar() throws {
        let base = LoopEquivalenceTests()
        let series = Self.symbols()
        for index in [2, 3] {
            let yaml = LoopEquivalenceTests.strategies[index].yaml
            let c = try base.core(yaml, policy: LoopEquivalenceTests.policies[0].yaml, symbols: series.map(\.symbol), fractional: false)
            #expect(Backtester(core: c, series: series, options: .init()).symbolEvaluators() == nil)
            let policy = LoopEquivalenceTests.policies[1].yaml
            base.expectSame(try base.run(yaml, policy: policy, series: series, settings: ExecutionSettings(), loop: .automatic),
                            try base.run(yaml, policy: policy, series: series, settings: ExecutionSettings(), loop: .general),
                            "\(LoopEquivalenceTests.strategies[index].name)")
        }
    }
}
