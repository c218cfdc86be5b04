import Foundation

/// `algobot bench --csv`: the whole process a user runs, `algobot backtest --json` of an SMA
/// 10/30 strategy over a deterministic 1-minute CSV (1,000,000 bars by default), interleaved
/// with the hand-written C program `scripts/bench/sma_backtest.c` doing the same from the same
/// file (issue 16: ≤ 2× its CPU time, ≤ 100 MiB peak). Both run as child processes of this
/// one, timed by the kernel (`TimedProcess`): start-up, reading, parsing, the run and the
/// report are all in the figure. `scripts/bench/csv-backtest.sh` prints the same figures.
public enum CSVBenchmark {
    public struct Options: Sendable {
        /// The algobot binary to time (`algobot bench` passes itself).
        public var algobot: String
        public var bars = 1_000_000
        public var repeats = 3
        /// The C program's source; relative paths are read from the working directory.
        public var cSource = "scripts/bench/sma_backtest.c"

        public init(algobot: String) {
            self.algobot = algobot
        }
    }

    /// The strategy `scripts/bench/sma-1min.yaml` (a test keeps the two the same).
    static let strategyYAML = """
    # The strategy scripts/bench/csv-backtest.sh times: SMA 10/30 on 1-minute bars of BENCH.csv.
    strategy: bench-sma-1min
    description: SMA 10/30 crossover on 1-minute bars (the whole-process speed check of issue 16).
    symbols: [BENCH]
    timeframe: 1Min
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

    /// The policy `rules/research.yaml` (a test keeps the two the same).
    static let policyYAML = """
    # yaml-language-server: $schema=../schemas/policy.schema.json
    policy: research-limits
    description: Limits for studying a strategy on history without a person in the loop (no approval step).
    limits:
      max_position_per_symbol: { percent_of_equity: 100 }
      daily_max_drawdown: { percent: 5 }
    rules:
      - id: no-penny-stocks
        when: price < 5
        outcome: block
        reason: Penny stocks are too easy to move.

    """

    public static func run(_ options: Options) throws {
        #if DEBUG
        print("note: this bench is a debug build; the algobot it times is \(options.algobot). Time a release build.")
        #endif
        let folder = NSTemporaryDirectory() + "algobot-bench-csv-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = folder + "/BENCH.csv", strategy = folder + "/sma-1min.yaml", policy = folder + "/research.yaml"
        try MinuteCSV.write(bars: options.bars, to: csv)
        try strategyYAML.write(toFile: strategy, atomically: false, encoding: .utf8)
        try policyYAML.write(toFile: policy, atomically: false, encoding: .utf8)
        let algobot = TimedProcess(arguments: [options.algobot, "backtest", strategy, "--data", csv, "--policy", policy,
                                               "--json", folder + "/algobot.json"])
        let reference = referenceProgram(options.cSource, folder: folder)
        let c = reference.program.map { TimedProcess(arguments: [$0, csv, folder + "/c.json"]) }
        print("csv: `algobot backtest --json` of SMA 10/30 over \(BenchmarkCommand.count(options.bars)) 1-minute bars from CSV, "
              + "whole process, best CPU time of \(options.repeats)\(c == nil ? "" : " interleaved with the hand-written C program")")
        var algobotRuns: [TimedProcess.Usage] = [], cRuns: [TimedProcess.Usage] = []
        for _ in 0..<options.repeats {
            algobotRuns.append(try algobot.run(outputPath: folder + "/algobot.out"))
            if let c { cRuns.append(try c.run(outputPath: folder + "/c.out")) }
        }
        let best = algobotRuns.min { $0.cpuSeconds < $1.cpuSeconds }!
        let peak = algobotRuns.map(\.peakKiB).max()!
        print("  algobot (\(options.algobot)): \(line(best, peakKiB: peak))")
        guard let bestC = cRuns.min(by: { $0.cpuSeconds < $1.cpuSeconds }) else {
            print("  \(reference.note)")
            print(String(format: "  peak %.0f MiB (target ≤ 100 MiB); the CPU target (≤ 2× the C program) needs the reference", Double(peak) / 1024))
            return
        }
        print("  hand-written C (\(reference.note)): \(line(bestC, peakKiB: cRuns.map(\.peakKiB).max()!))")
        print(String(format: "  ratio %.2f× the C program's CPU time (target ≤ 2×); peak %.0f MiB (target ≤ 100 MiB)",
                     best.cpuSeconds / bestC.cpuSeconds, Double(peak) / 1024))
    }

    static func line(_ usage: TimedProcess.Usage, peakKiB: Int) -> String {
        String(format: "%.2f s CPU (%.2f user + %.2f system), %.2f s wall, peak %.1f MiB",
               usage.cpuSeconds, usage.userSeconds, usage.systemSeconds, usage.wallSeconds, Double(peakKiB) / 1024)
    }

    /// The C program compiled with `cc -O2`, or nil and a note saying plainly why there is none.
    static func referenceProgram(_ source: String, folder: String) -> (program: String?, note: String) {
        guard FileManager.default.fileExists(atPath: source) else {
            return (nil, "the reference C program was not found (no \(source) from \(FileManager.default.currentDirectoryPath); "
                    + "run from the repository or pass --c-source PATH): algobot's figures alone")
        }
        guard let cc = TimedProcess.find("cc") else {
            return (nil, "no C compiler (`cc` is not on PATH) to build the reference \(source): algobot's figures alone")
        }
        let program = folder + "/sma_backtest"
        do {
            _ = try TimedProcess(arguments: [cc, "-O2", "-o", program, source]).run(outputPath: folder + "/cc.out")
        } catch {
            return (nil, "the reference \(source) did not compile: \(error): algobot's figures alone")
        }
        return (program, "cc -O2 \(source)")
    }
}
