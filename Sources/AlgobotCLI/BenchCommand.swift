import ArgumentParser
import Bench

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
        See docs/BACKTEST.md, "Speed".
        """)

    @Option(help: ArgumentHelp("Bars of the one-symbol random walk.", valueName: "count"))
    var bars = BenchmarkOptions().bars

    @Option(help: ArgumentHelp("Symbols in the several-symbol run.", valueName: "symbols"))
    var symbols = BenchmarkOptions().symbols

    @Option(name: .customLong("symbol-bars"), help: "Bars per symbol in the several-symbol run.")
    var symbolBars = BenchmarkOptions().symbolBars

    @Option(name: .customLong("repeat"), help: "Runs of each measurement; the best is reported.")
    var repeats = BenchmarkOptions().repeats

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

    @Option(name: .customLong("lint"), help: ArgumentHelp("Time linting N generated strategy files instead.", valueName: "N"))
    var lintFiles: Int?

    func validate() throws {
        for (flag, value) in [("--bars", bars), ("--symbols", symbols), ("--symbol-bars", symbolBars),
                              ("--repeat", repeats), ("--lint", lintFiles ?? 1)] where value < 1 {
            throw ValidationError("\(flag) takes a positive whole number, not \(value)")
        }
    }

    func run() throws {
        var options = BenchmarkOptions()
        options.bars = bars
        options.symbols = symbols
        options.symbolBars = symbolBars
        options.repeats = repeats
        options.auditRecords = !noAuditRecords
        options.never = never
        options.exits = exits
        options.lintFiles = lintFiles
        if sweep {
            try SweepBenchmark.run(repeats: repeats, jobs: jobs)
            return
        }
        BenchmarkCommand.keepFreedMemory()
        if !BenchmarkCommand.run(options) { throw ExitCode(1) }
    }
}
