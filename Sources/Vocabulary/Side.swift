/// Which way an order moves shares. Every rule about a side's direction lives here, so a
/// new side (issue 15: `sell_short`, `buy_to_cover`) is one case and its answers below.
public enum Side: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case buy, sell

    /// +1 when the order adds shares to the position, −1 when it takes them away.
    @inlinable public var sign: Double {
        switch self {
        case .buy: return 1
        case .sell: return -1
        }
    }

    /// The word of records, rules and broker requests: `buy`, `sell`.
    public var description: String { rawValue }

    /// "Buy", "Sell": the verb at the start of a sentence.
    public var verb: String {
        switch self {
        case .buy: return "Buy"
        case .sell: return "Sell"
        }
    }
}
