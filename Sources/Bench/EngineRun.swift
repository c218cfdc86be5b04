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
/// per order (the engine's compact `DecisionLog`), no report. With an audit every decision,
/// submission and fill also becomes a full audit record (text, ids, the words of every check),
/// handed to a sink that counts them (what `backtest --audit` pays, minus the disk) or
/// written to a log file as `backtest --audit` writes it (batched, indexed on close; the
/// clock stops after the close, so the disk writes and the index are in).
struct EngineRun {
    enum Audit {
        case none
        case counted
        /// A fresh log in this folder for every run.
        case written(folder: String)
    }

    let compiled: CompiledStrategy
    let policy: CompiledPolicy
    let series: [BarSeries]
    let audit: Audit
    /// How the engine walks the bars (`.general`: the several-symbol timeline bar by bar).
    let loop: Backtester.Loop
    /// Whether a long run computes its blocks on a second core (`Backtester.pipelines`).
    let pipelines: Bool

    init(strategy: CheckedStrategy, policy: CheckedPolicy, series: [BarSeries], audit: Audit, loop: Backtester.Loop = .automatic,
         pipelines: Bool = false) {
        compiled = StrategyCompiler.compile(strategy)
        self.policy = CompiledPolicy(policy)
        self.series = series
        self.audit = audit
        self.loop = loop
        self.pipelines = pipelines
    }

    struct Outcome {
        var seconds: Double
        var pageFaults: Int
        var result: BacktestResult
        var auditRecords: Int
        /// Bytes of the log file, when the records were written.
        var auditBytes: Int = 0
        /// How the run used a second core, if it did.
        var pipelineUse: Backtester.PipelineUse?
    }

    /// The bars are in memory and the backtester is built before the clock starts, as the
    /// hand loop's arrays are.
    func once() -> Outcome {
        let core = TradingCore(strategy: compiled, policy: policy, symbols: series.map(\.symbol))
        let counter = CountingSink()
        let logPath: String?
        let sink: AuditSink?
        switch audit {
        case .none: (sink, logPath) = (nil, nil)
        case .counted: (sink, logPath) = (counter, nil)
        case .written(let folder):
            let path = folder + "/bench-audit.jsonl"
            for leftover in [path, AuditIndex.defaultPath(forLog: path)] { try? FileManager.default.removeItem(atPath: leftover) }
            guard let log = try? AuditLog(path: path, durability: .batched, indexing: .onClose, redactor: .none) else {
                fatalError("bench: cannot open an audit log in \(folder)")
            }
            (sink, logPath) = (log, path)
        }
        let ref = FileRef(name: compiled.source.name, file: compiled.source.file, sha256: "")
        let backtester = Backtester(core: core, series: series,
                                    options: .init(settings: ExecutionSettings(startingCash: 10_000), recordCurve: false),
                                    audit: sink, records: sink == nil ? nil : DecisionRecords(mode: .backtest, strategy: ref, policy: ref))
        backtester.loop = loop
        backtester.pipelines = pipelines
        let faults = PeakMemory.minorFaults()
        let start = DispatchTime.now().uptimeNanoseconds
        guard let result = try? backtester.run() else { fatalError("bench: the backtest failed") }
        let log = sink as? AuditLog
        do { try log?.close() } catch { fatalError("bench: closing the audit log failed: \(error)") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let bytes = logPath.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int } ?? 0
        return Outcome(seconds: seconds, pageFaults: PeakMemory.minorFaults() - faults, result: result,
                       auditRecords: log?.lastSequence ?? counter.count, auditBytes: bytes, pipelineUse: backtester.pipelineUse)
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
