/// Which built-in exit closed a position: the words of a strategy's `exits:` keys, of
/// `trades[].exit_reason` and of audit records. A position a strategy rule closes has that
/// rule's id as its exit reason instead (a string at the edges, never one of these).
public enum ExitReason: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case stopLoss = "stop_loss"
    case takeProfit = "take_profit"
    case trailingStop = "trailing_stop"
    case maxBars = "max_bars"

    public var description: String { rawValue }

    /// In a sentence: "stop loss", "take profit", "trailing stop", "time exit".
    public var phrase: String {
        switch self {
        case .stopLoss: return "stop loss"
        case .takeProfit: return "take profit"
        case .trailingStop: return "trailing stop"
        case .maxBars: return "time exit (max_bars)"
        }
    }

    /// Whether the exit rests as a stop below a long (above a short) position.
    @inlinable public var isStop: Bool { self == .stopLoss || self == .trailingStop }
}
