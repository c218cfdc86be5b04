/// What a strategy rule asks for (`action:` in a strategy file): buy, sell a size, or sell
/// everything held.
public enum Action: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case buy, sell
    case sellAll = "sell_all"

    /// The side of the order the action makes.
    @inlinable public var side: Side {
        switch self {
        case .buy: return .buy
        case .sell, .sellAll: return .sell
        }
    }

    /// The word of strategy files and records: `buy`, `sell`, `sell_all`.
    public var description: String { rawValue }
}
