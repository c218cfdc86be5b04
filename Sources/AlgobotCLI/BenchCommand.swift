import ArgumentParser
import Bench
import Foundation

/// `algobot bench`: the engine benchmark of `swift run -c release algobot-bench`, for an
/// installed binary (the container image has no Swift toolchain). Same flags, same output.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine against a hand-written loop (bars per second, memory).",
        discussion: """
        Runs an SMA 10/30 crossover over a deterministic random walk through the whole engine \
        (the policy judges every order, every order gets its decision record) and, interleaved \
        with it, a hand-written loop doing the same crossover. Prints both rates and their \
        ratio, the several-symbol rate, the engine state per symbol and the peak memory. \
        Exit status 1 when the engine and the hand loop disagree on the final equity. \
        A release build measures the engine; a debug build says that its figures mean nothing. \
        With --csv it times whole processes instead: this binary's `backtest --json` of the same \
        crossover over a generated 1-minute CSV (the bytes of scripts/bench/make_minute_csv.py), \
        interleaved with the hand-written C program (--c-source, compiled with cc -O2 when found), \
        CPU and peak memory from the kernel, their ratio and the targets. \
        See docs/BACKTEST.md, "Speed".
        """)

    @Option(help: ArgumentHelp("Bars of the one-symbol random walk.", valueName: "count"))
    var bars = BenchmarkOptions().bars

    @Option(help: ArgumentHelp("Symbols in the several-symbol run.", valueName: "symbols"))
    var symbols = BenchmarkOptions().symbols

    @Option(name: .customLong("symbol-bars"), help: "Bars per symbol in the several-symbol run.")
    var symbolBars = BenchmarkOptions().symbolBars

    @Option(name: .customLong("repeat"), help: "Runs of each measurement; the best is reported (default 9; 3 with --csv).")
    var repeats: Int?

    @Flag(name: .customLong("no-audit-records"), help: "Skip the run that also builds a full audit record per decision.")
    var noAuditRecords = false

    @Flag(help: "Also time a strategy that never fires (the per-bar cost alone).")
    var never = false

    @Flag(help: "Also time the strategy with a stop loss, a take profit and a trailing stop.")
    var exits = false

    @Flag(help: "Time 'algobot sweep' of every SMA pair 2..100 (4,851 combinations) over the bundled daily SPY instead.")
    var sweep = false

    @Option(help: "With --sweep: backtests at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Time the whole process 'algobot backtest --json' over a generated 1-minute CSV (--bars, default 1,000,000) against the hand-written C program instead.")
    var csv = false

    @Option(name: .customLong("c-source"), help: ArgumentHelp("With --csv: the C program to compile with cc -O2 as the reference.", valueName: "path"))
    var cSource = CSVBenchmark.Options(algobot: "").cSource

    @Option(name: .customLong("lint"), help: ArgumentHelp("Time linting N generated strategy files instead.", valueName: "N"))
    var lintFiles: Int?

    func validate() throws {
        for (flag, value) in [("--bars", bars), ("--symbols", symbols), ("--symbol-bars", symbolBars),
                              ("--repeat", repeats ?? 1), ("--lint", lintFiles ?? 1)] where value < 1 {
            throw ValidationError("\(flag) takes a positive whole number, not \(value)")
        }
    }

    func run() throws {
        var options = BenchmarkOptions()
        options.bars = bars
        options.symbols = symbols
        options.symbolBars = symbolBars
        options.repeats = repeats ?? options.repeats
        options.auditRecords = !noAuditRecords
        options.never = never
        options.exits = exits
        options.lintFiles = lintFiles
        if sweep {
            try SweepBenchmark.run(repeats: options.repeats, jobs: jobs, executable: Self.executable)
            return
        }
        if csv {
            var csvOptions = CSVBenchmark.Options(algobot: Self.executable)
            csvOptions.bars = bars
            csvOptions.repeats = repeats ?? csvOptions.repeats
            csvOptions.cSource = cSource
            try CSVBenchmark.run(csvOptions)
            return
        }
        BenchmarkCommand.keepFreedMemory()
        if !BenchmarkCommand.run(options) { throw ExitCode(1) }
    }

    /// This binary, which `--csv` runs as `algobot backtest`.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
