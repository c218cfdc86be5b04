import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage
import Audit
import Vocabulary

/// `algobot-bench` and `algobot bench`: the engine against a hand-written loop on the same data.
public enum BenchmarkCommand {
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

    /// Runs the benchmark and prints what it measured (or the lint benchmark with `lintFiles`).
    /// False when the engine and the hand loop disagree on the final equity: then the rates
    /// compare two different computations and mean nothing.
    @discardableResult
    public static func run(_ options: BenchmarkOptions) -> Bool {
        if let files = options.lintFiles {
            LintBenchmark.run(files: files)
            return true
        }
        let bars = options.bars, symbols = options.symbols, symbolBars = options.symbolBars
        let audit = options.auditRecords, repeats = options.repeats
        #if DEBUG
        print("note: this is a debug build; its rates say nothing about the engine. "
              + "Use `swift run -c release algobot-bench` or a release build of algobot.")
        #endif
        let linter = Linter()
        guard let strategy = linter.lint(text: strategyYAML, path: "bench/sma.yaml").strategy,
              let policy = linter.lint(text: policyYAML, path: "bench/limits.yaml").policy else {
            print("bench: embedded YAML did not check"); return false
        }
        print("algobot-bench — SMA 10/30 crossover over a \(count(bars))-bar random walk (seed 42): policy on every order,")
        print("a decision record per order (rule, values it saw, account, every check, outcome, fill), no report")
        let single = RandomWalk.series(symbol: "SYM", bars: bars, seed: 42)
        if options.never {
            let never = linter.lint(text: strategyYAML.replacingOccurrences(of: "crosses_above(sma(close, fast), sma(close, slow))", with: "sma(close, fast) < 0 and sma(close, slow) < 0").replacingOccurrences(of: "crosses_below(sma(close, fast), sma(close, slow))", with: "close < 0"), path: "never.yaml").strategy!
            let run = EngineRun(strategy: never, policy: policy, series: [single], audit: .none)
            let best = (0..<repeats).map { _ in run.once().seconds }.min()!
            print("never-firing strategy (the per-bar cost alone): \(rate(Double(bars) / best)) bars/s")
        }
        if options.exits {
            let yaml = strategyYAML.replacingOccurrences(of: "rules:\n", with: """
                exits:
                  stop_loss: { percent: 2 }
                  take_profit: { percent: 4 }
                  trailing_stop: { percent: 3 }
                rules:

                """)
            if let withExits = linter.lint(text: yaml, path: "bench/sma-exits.yaml").strategy {
                let run = EngineRun(strategy: withExits, policy: policy, series: [single], audit: .none)
                let best = (0..<repeats).map { _ in run.once().seconds }.min() ?? .nan
                print("with a stop loss, a take profit and a trailing stop (bar by bar): \(rate(Double(bars) / best)) bars/s")
            } else {
                print("bench: the strategy with exits did not check")
            }
        }
        let agrees = singleSymbol(EngineRun(strategy: strategy, policy: policy, series: [single], audit: .none),
                                  secondCore: EngineRun(strategy: strategy, policy: policy, series: [single], audit: .none, pipelines: true),
                                  series: single, repeats: repeats)
        if audit {
            let run = EngineRun(strategy: strategy, policy: policy, series: [single], audit: .counted)
            let outcomes = (0..<max(1, repeats / 3)).map { _ in run.once() }
            let best = outcomes.map(\.seconds).min()!
            print("with a full audit record per decision, submission and fill (\(count(outcomes[0].auditRecords)) records, counted, not written): "
                  + "\(rate(Double(bars) / best)) bars/s")
            writtenAudit(strategy: strategy, policy: policy, series: single, repeats: repeats)
        }
        let many = (0..<symbols).map { RandomWalk.series(symbol: "S\($0)", bars: symbolBars, seed: UInt64(1000 + $0)) }
        let multi = EngineRun(strategy: strategy, policy: policy, series: many, audit: .none)
        let multiPipelined = EngineRun(strategy: strategy, policy: policy, series: many, audit: .none, pipelines: true)
        let timeline = EngineRun(strategy: strategy, policy: policy, series: many, audit: .none, loop: .general)
        // Interleaved, as for one symbol: the bar-by-bar timeline is the reference in the same run.
        var multiRuns: [EngineRun.Outcome] = [], pipelinedRuns: [EngineRun.Outcome] = [], timelineRuns: [EngineRun.Outcome] = []
        for _ in 0..<max(1, repeats / 3) {
            multiRuns.append(multi.once())
            pipelinedRuns.append(multiPipelined.once())
            timelineRuns.append(timeline.once())
        }
        let multiBars = Double(symbols * symbolBars)
        let blocks = multiRuns.map(\.seconds).min()!, barByBar = timelineRuns.map(\.seconds).min()!
        print("\(symbols) symbols × \(count(symbolBars)) bars in one portfolio (shared cash, a block per symbol): "
              + "\(rate(multiBars / blocks)) bars/s, \(count(multiRuns[0].result.decisions?.count ?? 0)) orders (target: ≥ 100 M bars/s)")
        pipelineLine(pipelinedRuns, bars: multiBars, units: "windows")
        print("  the same bar by bar on one timeline: \(rate(multiBars / barByBar)) bars/s (\(String(format: "%.1f", barByBar / blocks))× slower)")
        let sameCash = multiRuns[0].result.finalCash.bitPattern == timelineRuns[0].result.finalCash.bitPattern
            && multiRuns[0].result.decisions?.count == timelineRuns[0].result.decisions?.count
        if !sameCash { print("  ERROR: blocks and bar by bar differ: cash \(multiRuns[0].result.finalCash) vs \(timelineRuns[0].result.finalCash)") }
        print("engine state per symbol: \(count(multi.stateBytesPerSymbol)) bytes (registers, indicator rings, block columns: fixed by the strategy, not by the bars)")
        print("peak memory (max RSS): \(PeakMemory.megabytes()) MB (the bars, the decision records and the results)")
        return agrees && sameCash
    }

    /// The same run with the records written as `backtest --audit` writes them (a temporary
    /// log, batched, indexed on close), interleaved with the engine without audit.
    static func writtenAudit(strategy: CheckedStrategy, policy: CheckedPolicy, series: BarSeries, repeats: Int) {
        let folder = NSTemporaryDirectory() + "algobot-bench-audit-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = EngineRun(strategy: strategy, policy: policy, series: [series], audit: .written(folder: folder))
        let plain = EngineRun(strategy: strategy, policy: policy, series: [series], audit: .none)
        var writtenRuns: [EngineRun.Outcome] = [], plainRuns: [EngineRun.Outcome] = []
        for _ in 0..<max(1, repeats / 3) {
            writtenRuns.append(written.once())
            plainRuns.append(plain.once())
        }
        let bars = Double(series.count)
        let best = writtenRuns.map(\.seconds).min()!, reference = plainRuns.map(\.seconds).min()!
        let megabytes = String(format: "%.1f", Double(writtenRuns[0].auditBytes) / 1e6)
        print("  written to a log file as `backtest --audit` writes them (\(count(writtenRuns[0].auditRecords)) records, \(megabytes) MB, "
              + "index included): \(rate(bars / best)) bars/s; without audit in the same runs \(rate(bars / reference)) bars/s")
    }

    /// Engine and hand loop interleaved, so a machine that changes speed between runs
    /// slows both alike; best of `repeats` each, and the first (cold) engine run apart.
    static func singleSymbol(_ engine: EngineRun, secondCore: EngineRun, series: BarSeries, repeats: Int) -> Bool {
        var engineRuns: [EngineRun.Outcome] = [], pipelinedRuns: [EngineRun.Outcome] = [], handRuns: [HandLoop.Result] = []
        for _ in 0..<repeats {
            engineRuns.append(engine.once())
            pipelinedRuns.append(secondCore.once())
            handRuns.append(HandLoop.once(series: series))
        }
        let bars = Double(series.count)
        let best = engineRuns.map(\.seconds).min()!, hand = handRuns.map(\.seconds).min()!
        let result = engineRuns[0].result
        let orders = result.decisions?.count ?? 0
        let first = engineRuns[0]
        print("1 symbol × \(count(series.count)) bars: engine \(rate(bars / best)) bars/s, hand loop \(rate(bars / hand)) bars/s, "
              + "ratio \(String(format: "%.2f", best / hand))× (target: engine ≥ 100 M bars/s and within 4× of the hand loop)")
        print("  best of \(repeats) interleaved runs each; the first engine run \(rate(bars / first.seconds)) bars/s "
              + "(\(count(first.pageFaults)) page faults on fresh record memory)")
        pipelineLine(pipelinedRuns, bars: bars, units: "blocks")
        let decisionBytes = MemoryLayout<Int>.size == 8 ? DecisionLog.bytesPerDecision(result.decisions) : 0
        print("  \(count(orders)) orders (\(String(format: "%.1f", Double(orders) / bars * 100)) % of bars), "
              + "\(decisionBytes) bytes of decision record per order")
        let equity = result.finalCash + result.openPositions.reduce(0) { $0 + $1.qty * $1.mark }
        // To the cent: the two loops do the same arithmetic, so they must agree.
        guard (equity * 100).rounded() == (handRuns[0].finalEquity * 100).rounded() else {
            print("  ERROR: final equity differs: engine \(equity), hand loop \(handRuns[0].finalEquity)")
            return false
        }
        print("  final equity agrees with the hand loop to the cent: \(Money.text(equity))")
        return true
    }

    /// The same runs with the strategy's blocks computed on a second core (`BlockPipeline`,
    /// off by default: how much it gives depends on the machine, so it is measured here).
    static func pipelineLine(_ runs: [EngineRun.Outcome], bars: Double, units: String) {
        guard let best = runs.min(by: { $0.seconds < $1.seconds }), let use = best.pipelineUse else { return }
        print("  with the strategy's blocks on a second core (off by default): \(rate(bars / best.seconds)) bars/s, "
              + "\(count(use.computedAhead)) of \(count(use.units)) \(units) computed ahead in the best run")
    }

    static func rate(_ r: Double) -> String {
        r >= 1e6 || !r.isFinite ? String(format: "%.1f M", r / 1e6) : count(Int(r.rounded()))
    }

    static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
