import ArgumentParser
import Jobs
import MarketData
import Report
import RuleLanguage

/// `algobot walkforward [STRATEGY] --param ... --train 3y --test 1y [--anchored]`: on each
/// window the sweep picks the best params on the train span, then runs them on the test
/// span that follows; the test spans are stitched into one out-of-sample curve.
struct WalkForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walkforward",
        abstract: "Pick params by a sweep on each train span, run them on the following test span, and stitch the test spans.",
        discussion: """
        Each train span is swept as 'algobot sweep' sweeps (same ranking by --metric); each test span is the backtest
        of the best params, warmed up on earlier bars, starting flat with the equity the previous test span ended with.
        Output is the same for any --jobs. See docs/SWEEP.md ("Walk-forward").
        """)

    /// The strategy, policy, bars, settings file and span (shared with `algobot backtest` and `algobot sweep`).
    @OptionGroup var inputs: BacktestInputOptions

    @Option(name: .customLong("param"), help: "A param and its values: name=lo:hi:step (both ends included) or name=a,b,c. Repeat for each param.")
    var params: [String] = []

    @Option(name: .customLong("where"), help: "Keep only combinations where this holds, e.g. \"fast < slow\" (rule-language expression over params).")
    var condition: String?

    @Option(help: ArgumentHelp("The span each sweep picks params on: years, months or days, e.g. 3y, 18m, 90d.", valueName: "span"))
    var train = "3y"

    @Option(help: ArgumentHelp("The span the picked params then run on, e.g. 1y; test spans follow one another.", valueName: "span"))
    var test = "1y"

    @Flag(help: "Every train span starts at the first day (growing) instead of rolling along with the test span.")
    var anchored = false

    @Option(help: "The summary figure that picks the best params (sharpe, total_return_pct, max_drawdown_pct ranks lowest first, ...).")
    var metric = "sharpe"

    @Option(help: "Backtests at once (default: the number of cores). The output does not depend on it.")
    var jobs: Int?

    @Option(help: "Write every window (spans, params, in-sample and out-of-sample figures) and the stitched figures as JSON.",
            completion: PathCompletion.jsonFile)
    var json: String?

    @Option(help: "Write one row per window as CSV.")
    var csv: String?

    @Option(help: "Write a self-contained HTML page (the out-of-sample equity against the benchmark, the windows).",
            completion: PathCompletion.htmlFile)
    var html: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    }

    func run() throws {
        try Console.run {
            var options = WalkForwardJob.Options()
            options.sweep.inputs = try inputs.inputs(inputs.settings(), command: "algobot walkforward")
            options.sweep.condition = condition
            options.sweep.metric = metric
            options.sweep.jobs = jobs ?? options.sweep.jobs
            options.anchored = anchored
            if Console.stderrIsTerminal { options.progress = { ProgressBar.draw(done: $0, total: $1, of: "backtests") } }
            let report: WalkForwardReport
            do {
                options.sweep.params = try params.map(SweepParam.init(parsing:))
                options.train = try WalkForwardSpan(parsing: train, option: "--train")
                options.test = try WalkForwardSpan(parsing: test, option: "--test")
                report = try WalkForwardJob(options: options).run()
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            } catch let error as DataError {
                throw CLIFailure("algobot walkforward: \(error.description)")
            } catch {
                throw CLIFailure("algobot walkforward: \(error)")
            }
            if Console.stderrIsTerminal { ProgressBar.clear() }
            Console.out(report.text())
            for (flag, path, body) in [("JSON", json, report.json), ("CSV", csv, report.csv), ("HTML", html, report.html)] {
                guard let path else { continue }
                try Console.write(body(), to: path)
                Console.out("\(flag): \(path)\n")
            }
        }
    }
}
