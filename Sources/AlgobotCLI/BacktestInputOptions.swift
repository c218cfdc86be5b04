import ArgumentParser
import Engine
import Jobs
import RuleLanguage

/// The options `algobot backtest` and `algobot sweep` share, defined once: the strategy (the
/// argument or `--strategy`), the policy, the bars, the settings file, the span and the
/// borrow fee of shorts.
/// `inputs(_:command:)` reads them with the settings (flag > environment > algobot.yaml >
/// default) into the jobs' typed `BacktestInputs`.
struct BacktestInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Strategy file (default: strategy_file from the settings, else strategies/sma.yaml).", valueName: "strategy"),
              completion: PathCompletion.yamlFile)
    var strategyArgument: String?

    @Option(name: .customLong("strategy"), help: ArgumentHelp("The strategy file, spelled as run, eval and approvals spell it; the same as the argument.",
                                                             valueName: "file"), completion: PathCompletion.yamlFile)
    var strategyOption: String?

    /// The strategy from the argument or `--strategy` (validate() refuses two different ones).
    var strategy: String? { strategyArgument ?? strategyOption }

    @Option(help: ArgumentHelp("Policy file with the risk limits (default: rules/limits.yaml).", valueName: "file"), completion: PathCompletion.yamlFile)
    var policy: String?

    @Option(help: "A CSV file, a folder of SYMBOL.csv files, or a SQLite database from 'algobot data import' (default: data/daily).",
            completion: PathCompletion.barData)
    var data: String?

    @Option(help: ArgumentHelp("Settings file (default: $ALGOBOT_CONFIG, else algobot.yaml if present).", valueName: "file"), completion: PathCompletion.yamlFile)
    var config: String?

    @Option(help: ArgumentHelp("First day to trade (YYYY-MM-DD); earlier bars only warm up indicators.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day to include (YYYY-MM-DD).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Annual borrow fee on short positions in percent, charged each trading day at the close (shares short × close × percent / 100 / 252).",
                               valueName: "percent"))
    var borrowFeePct: Double?

    func validate() throws {
        try StrategyChoice.check(argument: strategyArgument, option: strategyOption)
        if let borrowFeePct, borrowFeePct < 0 || !borrowFeePct.isFinite { throw ValidationError("--borrow-fee-pct must be zero or more") }
    }

    /// The settings in force, with these flags and the command's own (`more`, by settings key) over the rest.
    func settings(_ more: [String: String] = [:]) throws -> EffectiveSettings {
        var flags = more
        flags["strategy_file"] = strategy
        flags["policy_file"] = policy
        flags["data"] = data
        flags["backtest.borrow_fee_pct"] = borrowFeePct.map { String($0) }
        do {
            return try EffectiveSettings.load(configPath: config, flags: flags)
        } catch let error as RuleFileError {
            throw CLIFailure(error.description)
        }
    }

    /// The files, the span and the execution settings (`backtest.*`), parsed once; `command`
    /// names the command in a bad setting's message.
    func inputs(_ settings: EffectiveSettings, command: String, fractional: Bool = false, approveAll: Bool = false) throws -> BacktestInputs {
        func number(_ key: String) throws -> Double {
            guard let text = settings[key], let value = Double(text), value.isFinite, value >= 0 else {
                throw CLIFailure("\(command): setting \(key) must be a number (got '\(settings[key] ?? "")')")
            }
            return value
        }
        var inputs = BacktestInputs()
        inputs.strategyPath = settings["strategy_file"] ?? inputs.strategyPath
        inputs.policyPath = settings["policy_file"] ?? inputs.policyPath
        inputs.dataPath = settings["data"] ?? inputs.dataPath
        inputs.from = from
        inputs.to = to
        inputs.settings = ExecutionSettings(startingCash: try number("backtest.cash"),
                                            commissionPerShare: try number("backtest.commission_per_share"),
                                            commissionMinimum: try number("backtest.commission_minimum"),
                                            commissionPercent: try number("backtest.commission_percent"),
                                            slippageBps: try number("backtest.slippage_bps"),
                                            fractional: fractional, approveAll: approveAll,
                                            borrowFeePercent: try number("backtest.borrow_fee_pct"))
        return inputs
    }
}
