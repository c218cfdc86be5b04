import ArgumentParser
import Report

/// `algobot`: the command-line shell over the library targets. Each subcommand parses
/// flags, calls one library entry point and prints; no trading logic lives here.
public struct AlgobotCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "algobot",
        abstract: "A guard-railed trading bot whose strategies and risk limits are YAML files.",
        discussion: """
        Start with:  algobot lint        (check strategies/ and rules/)
                     algobot backtest    (run strategies/sma.yaml over the bundled history)
        """,
        version: AlgobotVersion.current,
        subcommands: [
            LintCommand.self, BacktestCommand.self, DataCommand.self, AuditCommand.self, ExplainCommand.self,
            ConfigCommand.self,
        ]
    )

    public init() {}
}
