import ArgumentParser
import Engine
import Foundation
import Jobs
import MarketData
import Report
import RuleLanguage

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Backtest every combination of params and rank them (the default: 'algobot sweep --param ...').",
        discussion: """
        Each combination is the backtest 'algobot backtest --params' runs (same policy, fills and figures).
        Output is the same for any --jobs, and 'algobot sweep merge' of --shard parts equals the unsharded run.
        See docs/SWEEP.md.
        """)

    /// The strategy, policy, bars, settings file and span (shared with `algobot backtest`).
    @OptionGroup var inputs: BacktestInputOptions

    @Option(name: .customLong("param"), help: "A param and its values: name=lo:hi:step (both ends included) or name=a,b,c. Repeat for each param.")
    var params: [String] = []

    @Option(name: .customLong("where"), help: "Keep only combinations where this holds, e.g. \"fast < slow\" (rule-language expression over params).")
    var condition: String?

    @Option(help: "The summary figure to rank by (sharpe, total_return_pct, max_drawdown_pct ranks lowest first, ...).")
    var metric = "sharpe"

    @Option(help: "How many of the best combinations to print.")
    var top = 20

    @Option(help: "Backtests at once (default: the number of cores). The output does not depend on it.")
    var jobs: Int?

    @Option(help: "Write every combination's summary, the ranking and the deflated Sharpe ratio as JSON.", completion: PathCompletion.jsonFile)
    var json: String?

    @Option(help: "Write one row per combination as CSV.")
    var csv: String?

    @Option(help: "Write a self-contained HTML page (a heatmap of the first two params).", completion: PathCompletion.htmlFile)
    var html: String?

    @Option(help: "Run only shard I of N (combinations I, I+N, ...) and write a partial --json for 'algobot sweep merge'.")
    var shard: String?

    func validate() throws {
        // (No params is reported by run(): this also validates before `sweep merge`, which takes none.)
        if top < 1 { throw ValidationError("--top must be 1 or more") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if shard != nil && json == nil { throw ValidationError("--shard writes a partial result for 'algobot sweep merge': add --json FILE") }
    }

    func run() throws {
        try Console.run {
            var options = SweepJob.Options()
            options.inputs = try inputs.inputs(inputs.settings(), command: "algobot sweep")
            options.condition = condition
            options.metric = metric
            options.top = top
            options.jobs = jobs ?? options.jobs
            if Console.stderrIsTerminal { options.progress = { ProgressBar.draw(done: $0, total: $1, of: "combinations") } }
            let report: SweepReport
            do {
                options.params = try params.map(SweepParam.init(parsing:))
                options.shard = try shard.map(SweepShard.init(parsing:))
                report = try SweepJob(options: options).run()
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            } catch let error as DataError {
                throw CLIFailure("algobot sweep: \(error.description)")
            } catch {
                throw CLIFailure("algobot sweep: \(error)")
            }
            if Console.stderrIsTerminal { ProgressBar.clear() }
            try Self.write(report, json: json, csv: csv, html: html)
            ExitingProcess.keep(report)
        }
    }

    static func write(_ report: SweepReport, json: String?, csv: String?, html: String?) throws {
        Console.out(report.text())
        if let json {
            try Console.write(to: json, pieces: report.writeJSON)
            Console.out("JSON: \(json)\n")
        }
        if let csv {
            try Console.write(report.csv(), to: csv)
            Console.out("CSV: \(csv)\n")
        }
        if let html {
            try Console.write(report.html(), to: html)
            Console.out("HTML: \(html)\n")
        }
    }
}
