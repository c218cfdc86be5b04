import Audit
import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage

/// Counts records without writing them: the benchmark measures making them, not disk I/O.
final class CountingSink: AuditSink, @unchecked Sendable {
    var count = 0
    func append(_ body: AuditBody, at: String, wall: String?) throws -> AuditRecord {
        count += 1
        return AuditRecord(seq: count, at: at, wall: wall, prev: AuditRecord.genesisHash, body: body)
    }
}

enum EngineRun {
    struct Result {
        /// Best of the repeats (memory already in the process).
        var seconds: Double
        /// The first run, whose record memory is fresh from the kernel.
        var firstSeconds: Double
        var finalEquity: Double
        var orders: Int
        var stateBytesPerSymbol: Int
    }

    static func measure(strategy: CheckedStrategy, policy: CheckedPolicy, series: [BarSeries], records: Bool, repeats: Int) -> Result {
        let compiled = StrategyCompiler.compile(strategy)
        let compiledPolicy = CompiledPolicy(policy)
        var best = Double.infinity
        var first = 0.0
        var last: BacktestResult?
        let ref = FileRef(name: strategy.name, file: strategy.file, sha256: "")
        for _ in 0..<max(repeats, 1) {
            let core = TradingCore(strategy: compiled, policy: compiledPolicy, symbols: series.map(\.symbol))
            let sink = records ? CountingSink() : nil
            let backtester = Backtester(core: core, series: series,
                                        options: .init(settings: ExecutionSettings(startingCash: 10_000), recordCurve: false),
                                        audit: sink, records: records ? DecisionRecords(mode: "backtest", strategy: ref, policy: ref) : nil)
            // Timed from here: the bars are already in memory, as for the hand loop.
            let start = DispatchTime.now().uptimeNanoseconds
            last = try? backtester.run()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if first == 0 { first = seconds }
            best = min(best, seconds)
        }
        let result = last!
        let equity = result.finalCash + result.openPositions.reduce(0) { $0 + $1.qty * $1.mark }
        return Result(seconds: best, firstSeconds: first, finalEquity: equity, orders: result.decisions?.count ?? 0,
                      stateBytesPerSymbol: compiled.makeState().byteCount)
    }
}

enum PeakMemory {
    static func megabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
    }
}
