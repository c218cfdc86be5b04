import Audit
import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage
import Vocabulary

/// Counts records without writing them: the benchmark measures making them, not disk I/O.
final class CountingSink: AuditSink, @unchecked Sendable {
    var count = 0
    func append(_ body: AuditBody, at: String, wall: String?) throws -> AuditRecord {
        count += 1
        return AuditRecord(seq: count, at: at, wall: wall, prev: AuditRecord.genesisHash, body: body)
    }
}

/// One timed backtest through the whole engine: policy on every order, a decision record
/// per order (the engine's compact `DecisionLog`), no report. With `auditRecords` every
/// decision, submission and fill also becomes a full audit record (text, ids, the words of
/// every check) handed to a sink that counts them — what `backtest --audit` pays, minus the
/// disk.
struct EngineRun {
    let compiled: CompiledStrategy
    let policy: CompiledPolicy
    let series: [BarSeries]
    let auditRecords: Bool
    /// How the engine walks the bars (`.general`: the several-symbol timeline bar by bar).
    let loop: Backtester.Loop

    init(strategy: CheckedStrategy, policy: CheckedPolicy, series: [BarSeries], auditRecords: Bool, loop: Backtester.Loop = .automatic) {
        compiled = StrategyCompiler.compile(strategy)
        self.policy = CompiledPolicy(policy)
        self.series = series
        self.auditRecords = auditRecords
        self.loop = loop
    }

    struct Outcome {
        var seconds: Double
        var pageFaults: Int
        var result: BacktestResult
        var auditRecords: Int
    }

    /// The bars are in memory and the backtester is built before the clock starts, as the
    /// hand loop's arrays are.
    func once() -> Outcome {
        let core = TradingCore(strategy: compiled, policy: policy, symbols: series.map(\.symbol))
        let sink = auditRecords ? CountingSink() : nil
        let ref = FileRef(name: compiled.source.name, file: compiled.source.file, sha256: "")
        let backtester = Backtester(core: core, series: series,
                                    options: .init(settings: ExecutionSettings(startingCash: 10_000), recordCurve: false),
                                    audit: sink, records: auditRecords ? DecisionRecords(mode: .backtest, strategy: ref, policy: ref) : nil)
        backtester.loop = loop
        let faults = PeakMemory.minorFaults()
        let start = DispatchTime.now().uptimeNanoseconds
        guard let result = try? backtester.run() else { fatalError("bench: the backtest failed") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Outcome(seconds: seconds, pageFaults: PeakMemory.minorFaults() - faults, result: result, auditRecords: sink?.count ?? 0)
    }

    /// Bytes of engine state per symbol: the strategy's registers and indicator memory plus
    /// the block evaluator's columns. Both are fixed by the strategy, whatever the bars.
    var stateBytesPerSymbol: Int {
        let state = compiled.makeState()
        let blocks = compiled.runsInBlocks ? BlockEvaluator(strategy: compiled, state: state).byteCount : 0
        return state.byteCount + blocks
    }
}

enum PeakMemory {
    static func megabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
    }

    static func minorFaults() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_minflt)
    }
}
