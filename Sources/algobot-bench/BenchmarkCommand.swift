import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage
import Audit

enum BenchmarkCommand {
    static let strategyYAML = """
    strategy: bench-sma
    symbols: [SYM]
    params:
      fast: 10
      slow: 30
    rules:
      - id: enter-long
        when: crosses_above(sma(close, fast), sma(close, slow))
        action: buy
        size: { percent_of_equity: 100 }
      - id: exit-long
        when: crosses_below(sma(close, fast), sma(close, slow))
        action: sell_all
    """

    static let policyYAML = """
    policy: bench-limits
    limits:
      max_position_per_symbol: { percent_of_equity: 100 }
      max_gross_notional: 1000000000000
      daily_max_drawdown: { percent: 50 }
      approval_threshold: { notional: 1000000000000 }
    rules:
      - id: no-penny-stocks
        when: price < 0.01
        outcome: block
        reason: bench
    """

    static func run(arguments: [String]) {
        var bars = 1_000_000, symbols = 100, symbolBars = 10_000, records = true, repeats = 5
        var i = 0
        while i < arguments.count {
            let next = i + 1 < arguments.count ? Int(arguments[i + 1]) : nil
            switch arguments[i] {
            case "--bars": bars = next ?? bars; i += 1
            case "--symbols": symbols = next ?? symbols; i += 1
            case "--symbol-bars": symbolBars = next ?? symbolBars; i += 1
            case "--repeat": repeats = next ?? repeats; i += 1
            case "--no-audit-records": records = false
            case "--lint":
                LintBenchmark.run(files: next ?? 1000)
                return
            case "--help", "-h":
                print("usage: algobot-bench [--bars N] [--symbols N] [--symbol-bars N] [--repeat N] [--no-audit-records] | --lint N")
                return
            default: break
            }
            i += 1
        }
        let linter = Linter()
        guard let strategy = linter.lint(text: strategyYAML, path: "bench/sma.yaml").strategy,
              let policy = linter.lint(text: policyYAML, path: "bench/limits.yaml").policy else {
            print("bench: embedded YAML did not check"); return
        }
        print("algobot-bench — SMA 10/30 crossover, policy on every order\(records ? ", a decision record per order" : "")")
        let single = RandomWalk.series(symbol: "SYM", bars: bars, seed: 42)
        if arguments.contains("--never") {
            let never = linter.lint(text: strategyYAML.replacingOccurrences(of: "crosses_above(sma(close, fast), sma(close, slow))", with: "sma(close, fast) < 0 and sma(close, slow) < 0").replacingOccurrences(of: "crosses_below(sma(close, fast), sma(close, slow))", with: "close < 0"), path: "never.yaml").strategy!
            let r = EngineRun.measure(strategy: never, policy: policy, series: [single], records: false, repeats: repeats)
            print("never-firing: \(rate(Double(bars) / r.seconds)) bars/s")
            if arguments.contains("--only-never") { return }
        }
        let engine = EngineRun.measure(strategy: strategy, policy: policy, series: [single], records: records, repeats: repeats)
        let hand = HandLoop.measure(series: single, repeats: repeats)
        report("1 symbol × \(bars) bars", engine: engine, hand: hand, bars: bars)
        if engine.finalEquity.rounded() != hand.finalEquity.rounded() {
            print("  WARNING: final equity differs: engine \(engine.finalEquity), hand loop \(hand.finalEquity)")
        } else {
            print("  final equity agrees: \(Money.text(engine.finalEquity)) (\(engine.orders) orders)")
        }
        let many = (0..<symbols).map { RandomWalk.series(symbol: "S\($0)", bars: symbolBars, seed: UInt64(1000 + $0)) }
        let multi = EngineRun.measure(strategy: strategy, policy: policy, series: many, records: records, repeats: max(1, repeats / 2))
        print("\(symbols) symbols × \(symbolBars) bars (one portfolio): engine \(rate(Double(symbols * symbolBars) / multi.seconds)) bars/s, \(multi.orders) orders")
        print("engine state per symbol: \(multi.stateBytesPerSymbol) bytes (O(lookback), independent of bars)")
        print("peak memory (max RSS): \(PeakMemory.megabytes()) MB")
    }

    static func report(_ label: String, engine: EngineRun.Result, hand: HandLoop.Result, bars: Int) {
        let engineRate = Double(bars) / engine.seconds
        let handRate = Double(bars) / hand.seconds
        print("\(label): engine \(rate(engineRate)) bars/s, hand loop \(rate(handRate)) bars/s, ratio \(String(format: "%.2f", handRate / engineRate))× (target ≤ 4×)")
    }

    static func rate(_ r: Double) -> String {
        r >= 1e6 ? String(format: "%.1f M", r / 1e6) : String(format: "%.0f", r)
    }
}
