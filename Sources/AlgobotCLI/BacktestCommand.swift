import Advisor
import ArgumentParser
import Engine
import Foundation
import Jobs
import MarketData
import Report
import RuleLanguage

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run a strategy and its policy over history and report returns, drawdowns and policy objections.",
        discussion: """
        Fill model (docs/BACKTEST.md): rules are evaluated at each bar's close; market orders fill at the \
        next bar's open; orders that need approval are not executed unless --approve-all is given. \
        The same inputs always give byte-identical --json and --html files.
        """)

    /// The strategy, policy, bars, settings file and span (shared with `algobot sweep`).
    @OptionGroup var inputs: BacktestInputOptions

    @Option(help: ArgumentHelp("Params as name=value,name=value, over the strategy's params: (e.g. --params fast=5,slow=20).",
                               valueName: "name=value,..."))
    var params: String?

    @Option(help: ArgumentHelp("Starting cash in dollars (default 10,000).", valueName: "dollars"))
    var cash: Double?

    @Option(help: ArgumentHelp("Symbol bought and held for comparison.", valueName: "symbol"))
    var benchmark: String?

    @Option(help: ArgumentHelp("Write the full report as JSON to this file.", valueName: "file"), completion: PathCompletion.jsonFile)
    var json: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (charts, tables) to this file.", valueName: "file"), completion: PathCompletion.htmlFile)
    var html: String?

    @Option(help: ArgumentHelp("Write the hash-chained audit log of every decision to this file (JSONL).", valueName: "file"), completion: PathCompletion.auditLog)
    var audit: String?

    @Option(help: "off, or template: write a plain-language rationale after each decision into the --audit log (docs/ADVISOR.md).")
    var advisor: AdvisorKind = .off

    @Flag(help: "Execute orders that need approval, to see the result without that guard.")
    var approveAll = false

    @Option(help: ArgumentHelp("Commission in dollars per share.", valueName: "dollars"))
    var commissionPerShare: Double?

    @Option(help: ArgumentHelp("Minimum commission per order in dollars.", valueName: "dollars"))
    var commissionMin: Double?

    @Option(help: ArgumentHelp("Commission as a percent of the order's value.", valueName: "percent"))
    var commissionPct: Double?

    @Option(help: ArgumentHelp("Slippage against you in basis points (1 bp = 0.01%).", valueName: "bps"))
    var slippageBps: Double?

    @Flag(help: "Trade fractional shares for every order.")
    var fractional = false

    @Flag(help: "Skip bad data rows (each one reported) instead of stopping at the first.")
    var skipBadRows = false

    func validate() throws {
        if let cash, !(cash > 0 && cash.isFinite) { throw ValidationError("--cash must be a positive amount") }
        for (name, value) in [("--commission-per-share", commissionPerShare), ("--commission-min", commissionMin),
                              ("--commission-pct", commissionPct), ("--slippage-bps", slippageBps)] {
            if let value, value < 0 || !value.isFinite { throw ValidationError("\(name) must be zero or more") }
        }
        if advisor == .chat {
            throw ValidationError("--advisor chat is for live and paper runs; backtests use --advisor template")
        }
        if advisor != .off && audit == nil {
            throw ValidationError("--advisor \(advisor.rawValue) writes its notes to the audit log: add --audit FILE")
        }
        _ = try EvalCommand.parse(params: params)
    }

    /// The backtest's own flags, by settings key (flags win over everything else).
    private var flags: [String: String] {
        var flags: [String: String] = [:]
        flags["backtest.cash"] = cash.map { String($0) }
        flags["backtest.benchmark"] = benchmark
        flags["backtest.commission_per_share"] = commissionPerShare.map { String($0) }
        flags["backtest.commission_minimum"] = commissionMin.map { String($0) }
        flags["backtest.commission_percent"] = commissionPct.map { String($0) }
        flags["backtest.slippage_bps"] = slippageBps.map { String($0) }
        return flags
    }

    func run() throws {
        try Console.run {
            let settings = try inputs.settings(flags)
            var options = BacktestJob.Options()
            options.inputs = try inputs.inputs(settings, command: "algobot backtest", fractional: fractional, approveAll: approveAll)
            options.benchmark = settings["backtest.benchmark"] ?? "SPY"
            options.benchmarkExplicit = benchmark != nil
            options.auditPath = audit
            options.badRows = skipBadRows ? .skip : .fail
            if Console.stderrIsTerminal { options.progress = { ProgressBar.draw(done: $0, total: $1) } }
            options.advisor = advisor
            options.params = try EvalCommand.parse(params: params)
            let output: BacktestJob.Output
            do {
                output = try BacktestJob(options: options).run()
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            } catch let error as DataError {
                throw CLIFailure("algobot backtest: \(error.description)")
            } catch {
                throw CLIFailure("algobot backtest: \(error)")
            }
            if Console.stderrIsTerminal { ProgressBar.clear() }
            Console.out(output.report.text())
            if let json {
                try Console.writeJSON(to: json) { output.report.writeJSON(to: &$0) }
                Console.out("JSON report: \(json)\n")
            }
            if let html {
                try Console.write(HTMLOutput.render(output), to: html)
                Console.out("HTML report: \(html)\n")
            }
            if let audit {
                Console.out("Audit log: \(audit) (\(output.auditRecords) records; 'algobot explain --order <id> --audit \(audit)')\n")
            }
        }
    }
}

extension AdvisorKind: ExpressibleByArgument {}
