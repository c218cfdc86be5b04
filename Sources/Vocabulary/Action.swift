/// What a strategy rule asks for (`action:` in a strategy file): buy, sell a size, sell
/// everything held; and for shorts, sell short a size, buy a size back, or cover the whole
/// short position.
public enum Action: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case buy, sell
    case sellAll = "sell_all"
    case sellShort = "sell_short"
    case buyToCover = "buy_to_cover"
    case coverAll = "cover_all"

    /// The side of the order the action makes.
    @inlinable public var side: Side {
        switch self {
        case .buy: return .buy
        case .sell, .sellAll: return .sell
        case .sellShort: return .sellShort
        case .buyToCover, .coverAll: return .buyToCover
        }
    }

    /// Whether the action closes the whole position (`sell_all`, `cover_all`), so it takes no size.
    @inlinable public var closesAll: Bool { self == .sellAll || self == .coverAll }

    /// The word of strategy files and records: `buy`, `sell`, `sell_all`, `sell_short`,
    /// `buy_to_cover`, `cover_all`.
    public var description: String { rawValue }
}
