import ArgumentParser
import Jobs
import Report

/// `algobot`: the command-line shell over the library targets. Each subcommand parses
/// flags, calls one library entry point and prints; no trading logic lives here.
public struct AlgobotCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "algobot",
        abstract: "A guard-railed trading bot with YAML strategies and risk limits.",
        discussion: """
        Start with:  algobot init DIR    a new project (strategy, policy, settings, SPY history)
                     algobot lint        check strategies/ and rules/
                     algobot backtest    run strategies/sma.yaml over bundled history
                     algobot eval EXPR   print any rule-language value per bar
                     algobot run         trade it on the simulator or Alpaca paper
        """,
        version: AlgobotVersion.current,
        subcommands: [
            InitCommand.self, LintCommand.self, BacktestCommand.self, ReportCommand.self, EvalCommand.self, DataCommand.self, AuditCommand.self, ExplainCommand.self,
            RunCommand.self, SimCommand.self, StatusCommand.self, HaltCommand.self, ResumeCommand.self,
            ApprovalsCommand.self, ReconcileCommand.self, ConfigCommand.self, BenchCommand.self, CompletionCommand.self, SweepCommand.self,
            WalkForwardCommand.self,
        ]
    )

    public init() {}

    /// The command line as the parser should see it (old spellings mapped to current ones).
    public static func arguments(_ raw: ArraySlice<String>) -> [String] {
        ColorChoice.normalize(Array(raw))
    }
}
