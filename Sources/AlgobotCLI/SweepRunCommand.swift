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

    @Argument(help: ArgumentHelp("Strategy file (default: strategy_file from the settings, else strategies/sma.yaml).", valueName: "strategy"),
              completion: PathCompletion.yamlFile)
    var strategyArgument: String?

    @Option(name: .customLong("strategy"), help: ArgumentHelp("The strategy file, spelled as run, eval and approvals spell it; the same as the argument.",
                                                             valueName: "file"), completion: PathCompletion.yamlFile)
    var strategyOption: String?

    /// The strategy from the argument or `--strategy` (validate() refuses two different ones).
    var strategy: String? { strategyArgument ?? strategyOption }

    @Option(name: .customLong("param"), help: "A param and its values: name=lo:hi:step (both ends included) or name=a,b,c. Repeat for each param.")
    var params: [String] = []

    @Option(name: .customLong("where"), help: "Keep only combinations where this holds, e.g. \"fast < slow\" (rule-language expression over params).")
    var condition: String?

    @Option(help: "Policy file with the risk limits (default: rules/limits.yaml).", completion: PathCompletion.yamlFile)
    var policy: String?

    @Option(help: "A CSV file, a folder of SYMBOL.csv files, or a SQLite database (default: data/daily).", completion: PathCompletion.barData)
    var data: String?

    @Option(help: "Settings file (default: $ALGOBOT_CONFIG, else algobot.yaml if present).", completion: PathCompletion.yamlFile)
    var config: String?

    @Option(help: "First day to trade (YYYY-MM-DD); earlier bars only warm up indicators.")
    var from: String?

    @Option(help: "Last day to include (YYYY-MM-DD).")
    var to: String?

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
        try StrategyChoice.check(argument: strategyArgument, option: strategyOption)
        // (No params is reported by run(): this also validates before `sweep merge`, which takes none.)
        if top < 1 { throw ValidationError("--top must be 1 or more") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if shard != nil && json == nil { throw ValidationError("--shard writes a partial result for 'algobot sweep merge': add --json FILE") }
    }

    func run() throws {
        try Console.run {
            let settings: EffectiveSettings
            do {
                settings = try EffectiveSettings.load(configPath: config, flags: ["strategy_file": strategy, "policy_file": policy, "data": data]
                    .compactMapValues { $0 })
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            }
            var options = SweepJob.Options()
            options.strategyPath = settings["strategy_file"] ?? options.strategyPath
            options.policyPath = settings["policy_file"] ?? options.policyPath
            options.dataPath = settings["data"] ?? options.dataPath
            options.from = from
            options.to = to
            options.condition = condition
            options.metric = metric
            options.top = top
            options.jobs = jobs ?? options.jobs
            options.settings = try Self.execution(settings)
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
        }
    }

    /// The backtest settings of `algobot backtest` without flags: starting cash, commissions, slippage.
    static func execution(_ settings: EffectiveSettings) throws -> ExecutionSettings {
        func number(_ key: String) throws -> Double {
            guard let text = settings[key], let value = Double(text), value.isFinite, value >= 0 else {
                throw CLIFailure("algobot sweep: setting \(key) must be a number (got '\(settings[key] ?? "")')")
            }
            return value
        }
        return ExecutionSettings(startingCash: try number("backtest.cash"), commissionPerShare: try number("backtest.commission_per_share"),
                                 commissionMinimum: try number("backtest.commission_minimum"),
                                 commissionPercent: try number("backtest.commission_percent"),
                                 slippageBps: try number("backtest.slippage_bps"), fractional: false, approveAll: false)
    }

    static func write(_ report: SweepReport, json: String?, csv: String?, html: String?) throws {
        Console.out(report.text())
        if let json {
            try Console.write(report.json(), to: json)
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
