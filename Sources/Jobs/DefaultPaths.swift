/// The files a project keeps by convention (`algobot init` writes them): what a command
/// reads when no flag, environment variable or algobot.yaml setting names another. One
/// constant each, so the settings' defaults and the jobs' cannot drift apart.
public enum DefaultPaths {
    /// The strategy (`strategy_file`).
    public static let strategy = "strategies/sma.yaml"
    /// The policy with the risk limits (`policy_file`).
    public static let policy = "rules/limits.yaml"
    /// The bars (`data`): a folder of SYMBOL.csv files.
    public static let data = "data/daily"
    /// The audit log of a run in the default state folder (`audit`).
    public static let audit = "state/audit.jsonl"
}
