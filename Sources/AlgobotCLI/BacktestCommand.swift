import ArgumentParser
import Engine
import Foundation
import MarketData
import Report
import RuleLanguage

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run a strategy and its policy over history and report returns, drawdowns and rule violations.",
        discussion: """
        Fill model (docs/BACKTEST.md): rules are evaluated at each bar's close; market orders fill at the
        next bar's open; orders that need approval are not executed unless --approve-all is given.
        The same inputs always give byte-identical --json and --html files.
        """)

    @Argument(help: "Strategy file.")
    var strategy = "strategies/sma.yaml"

    @Option(help: "Policy file with the risk limits.")
    var policy = "rules/limits.yaml"

    @Option(help: "A CSV file, a folder of SYMBOL.csv files, or a SQLite database from 'algobot data import'.")
    var data = "data/daily"

    @Option(help: "First day to trade (YYYY-MM-DD); earlier bars only warm up indicators.")
    var from: String?

    @Option(help: "Last day to include (YYYY-MM-DD).")
    var to: String?

    @Option(help: "Starting cash in dollars.")
    var cash: Double = 10_000

    @Option(help: "Symbol bought and held for comparison.")
    var benchmark: String?

    @Option(help: "Write the full report as JSON to this file.")
    var json: String?

    @Option(help: "Write a self-contained HTML report (charts, tables) to this file.")
    var html: String?

    @Option(help: "Write the hash-chained audit log of every decision to this file (JSONL).")
    var audit: String?

    @Flag(help: "Execute orders that need approval, to see the result without that guard.")
    var approveAll = false

    @Option(help: "Commission in dollars per share.")
    var commissionPerShare: Double = 0

    @Option(help: "Minimum commission per order in dollars.")
    var commissionMin: Double = 0

    @Option(help: "Commission as a percent of the order's value.")
    var commissionPct: Double = 0

    @Option(help: "Slippage against you in basis points (1 bp = 0.01%).")
    var slippageBps: Double = 0

    @Flag(help: "Trade fractional shares for every order.")
    var fractional = false

    @Flag(help: "Skip bad data rows (each one reported) instead of stopping at the first.")
    var skipBadRows = false

    func validate() throws {
        guard cash > 0, cash.isFinite else { throw ValidationError("--cash must be a positive amount") }
        for (name, value) in [("--commission-per-share", commissionPerShare), ("--commission-min", commissionMin),
                              ("--commission-pct", commissionPct), ("--slippage-bps", slippageBps)] where value < 0 || !value.isFinite {
            throw ValidationError("\(name) must be zero or more")
        }
    }

    func run() throws {
        try Console.run {
            var options = BacktestJob.Options()
            options.strategyPath = strategy
            options.policyPath = policy
            options.dataPath = data
            options.from = from
            options.to = to
            options.benchmark = benchmark ?? "SPY"
            options.benchmarkExplicit = benchmark != nil
            options.auditPath = audit
            options.badRows = skipBadRows ? .skip : .fail
            if Console.stderrIsTerminal { options.progress = { ProgressBar.draw(done: $0, total: $1) } }
            options.settings = ExecutionSettings(startingCash: cash, commissionPerShare: commissionPerShare,
                                                 commissionMinimum: commissionMin, commissionPercent: commissionPct,
                                                 slippageBps: slippageBps, fractional: fractional, approveAll: approveAll)
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
                try Console.write(output.report.json(), to: json)
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
