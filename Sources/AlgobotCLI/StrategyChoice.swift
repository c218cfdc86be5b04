import ArgumentParser

/// `algobot backtest FILE` and `algobot backtest --strategy FILE` (the spelling run, eval and
/// approvals use) mean the same; two different files are a usage error, not a silent pick.
enum StrategyChoice {
    static func check(argument: String?, option: String?) throws {
        if let argument, let option, argument != option {
            throw ValidationError("two strategies: '\(argument)' and --strategy '\(option)'; give one")
        }
    }
}
