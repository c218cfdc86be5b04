/// How a run trades: over history (`backtest`), deciding live but sending nothing
/// (`dry-run`), or on a paper account (`paper`). Records say which one decided.
public enum Mode: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case backtest
    case dryRun = "dry-run"
    case paper

    /// The word of records and settings: `backtest`, `dry-run`, `paper`.
    public var description: String { rawValue }

    /// In a sentence: "backtest", "dry run", "paper trading".
    public var words: String {
        switch self {
        case .backtest: return "backtest"
        case .dryRun: return "dry run"
        case .paper: return "paper trading"
        }
    }
}
