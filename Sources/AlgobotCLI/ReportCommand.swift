import ArgumentParser
import Jobs
import MarketData
import Report
import RuleLanguage

/// `algobot report --audit FILE`: a paper or simulator run's report, from its audit log.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report a paper, dry or simulator run from its audit log, like a backtest, beside SPY buy & hold.",
        discussion: """
        The log must pass 'algobot audit verify'; a damaged one is refused and left as it is. Orders, \
        fills and approvals are the log's; equity is the broker's cash and positions at the run's first \
        reconciliation plus every recorded fill, marked at each bar's close from --data (default: the \
        bars the run replayed, else bars.sqlite beside the log, else data/daily). Run it from the folder \
        the run was started in: the strategy and policy files the log names must be unchanged \
        (docs/RUN.md, "Reviewing a run").
        """)

    @Option(help: ArgumentHelp("The run's audit log (default: state/audit.jsonl).", valueName: "file"), completion: PathCompletion.auditLog)
    var audit = DefaultPaths.audit

    @Option(help: "Bars to value the positions with: a CSV file, a folder of SYMBOL.csv files or a SQLite bar store.",
            completion: PathCompletion.barData)
    var data: String?

    @Option(help: ArgumentHelp("Symbol bought and held for comparison.", valueName: "symbol"))
    var benchmark = "SPY"

    @Option(help: "Standard output: text (the short table), or json (the --json report).")
    var format: DiagnosticRenderer.Format = .text

    @Option(help: ArgumentHelp("Write the full report as JSON to this file.", valueName: "file"), completion: PathCompletion.jsonFile)
    var json: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (charts, tables) to this file.", valueName: "file"),
            completion: PathCompletion.htmlFile)
    var html: String?

    func run() throws {
        try Console.run {
            var options = AuditRunJob.Options()
            options.auditPath = audit
            options.dataPath = data
            options.benchmark = benchmark
            let output: AuditRunJob.Output
            do {
                output = try AuditRunJob(options: options).run()
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            } catch let error as DataError {
                throw CLIFailure("algobot report: \(error.description)")
            } catch {
                throw CLIFailure("algobot report: \(error)")
            }
            // With --format json, standard output is the JSON alone; where the files went goes to standard error.
            let notice: (String) -> Void = format == .json ? { Console.error($0) } : { Console.out($0 + "\n") }
            Console.out(format == .json ? output.report.json() : output.report.text())
            if let json {
                try Console.write(output.report.json(), to: json)
                notice("JSON report: \(json)")
            }
            if let html {
                try Console.write(output.report.html(priceSeries: output.series), to: html)
                notice("HTML report: \(html)")
            }
        }
    }
}
