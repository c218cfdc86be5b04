import Testing
import Foundation
@testable import Engine
import RuleLanguage
import Policy
import MarketData

/// A deterministic random walk (SplitMix64) for engine tests.
func walk(_ bars: Int, seed: UInt64) -> BarSeries {
    var state = seed
    func next() -> Double {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
    var s = BarSeries(symbol: "SYM")
    var price = 100.0
    for i in 0..<bars {
        let open = price * (1 + (next() - 0.5) * 0.004)
        let close = open * (1 + (next() - 0.5) * 0.02)
        s.times.append(Int64(i) * 86_400); s.open.append(open); s.high.append(max(open, close)); s.low.append(min(open, close))
        s.close.append(close); s.volume.append(1e6)
        price = close
    }
    return s
}

@Test func engineMatchesReferenceOnRandomWalk() throws {
    let linter = Linter()
    let strategy = try #require(linter.lint(text: """
    strategy: t
    symbols: [SYM]
    rules:
      - id: enter-long
        when: crosses_above(sma(close, 10), sma(close, 30))
        action: buy
        size: { percent_of_equity: 100 }
      - id: exit-long
        when: crosses_below(sma(close, 10), sma(close, 30))
        action: sell_all
    """, path: "t.yaml").strategy)
    let policy = try #require(linter.lint(text: "policy: open\nlimits: {}\n", path: "p.yaml").policy)
    let series = walk(300_000, seed: 42)
    let core = TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(policy), symbols: ["SYM"])
    let result = try Backtester(core: core, series: [series], options: .init()).run()
    let reference = ReferenceSMA.run(series, fast: 10, slow: 30, cash: 10_000)
    let engineEquity = result.finalCash + result.openPositions.reduce(0) { $0 + $1.qty * $1.mark }
    var firstDiff: String?
    for (i, (a, b)) in zip(result.trades, reference.trades).enumerated() where firstDiff == nil {
        if a.qty != b.qty || a.entryTime != Int64(b.entry) * 86400 || a.exitTime != Int64(b.exit) * 86400 {
            firstDiff = "trade \(i): engine \(a.entryTime / 86400)-\(a.exitTime / 86400) qty \(a.qty) vs reference \(b.entry)-\(b.exit) qty \(b.qty)"
        }
    }
    print("engine", engineEquity, result.trades.count, "reference", reference.equity, reference.trades.count, firstDiff ?? "")
    #expect(firstDiff == nil)
    #expect(abs(engineEquity - reference.equity) < 0.005)
}
