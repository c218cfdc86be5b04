/// Which way an order moves shares, and for which kind of position. Every rule about a
/// side's direction lives here, so a new side is one case and its answers below.
/// `sell_short` opens or adds to a short position; `buy_to_cover` buys shares back to reduce
/// it. At a broker both are plain `sell` and `buy` (`brokerSide`).
public enum Side: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case buy, sell
    case sellShort = "sell_short"
    case buyToCover = "buy_to_cover"

    /// +1 when the order adds shares to the position, −1 when it takes them away.
    @inlinable public var sign: Double { addsShares ? 1 : -1 }

    /// Whether the order buys shares (`buy`, `buy_to_cover`): the direction a fill rule and
    /// slippage care about.
    @inlinable public var addsShares: Bool {
        switch self {
        case .buy, .buyToCover: return true
        case .sell, .sellShort: return false
        }
    }

    /// The kind of position the side opens or closes: `sell_short` and `buy_to_cover` act on a short.
    @inlinable public var positionSide: PositionSide {
        switch self {
        case .buy, .sell: return .long
        case .sellShort, .buyToCover: return .short
        }
    }

    /// Whether the order makes its kind of position larger (`buy`, `sell_short`).
    /// A `switch`, like its neighbours: written as `self == .buy || self == .sellShort` the
    /// body is two calls of the enum's `==`, too costly for the optimizer to inline into the
    /// engine's large functions, and every fill and decision called it.
    @inlinable public var opens: Bool {
        switch self {
        case .buy, .sellShort: return true
        case .sell, .buyToCover: return false
        }
    }

    /// The side a broker is told: `buy` or `sell` (Alpaca has no separate short side; a sell
    /// with no long position is a short sale).
    @inlinable public var brokerSide: Side { addsShares ? .buy : .sell }

    /// The word of records, rules and reports: `buy`, `sell`, `sell_short`, `buy_to_cover`.
    public var description: String { rawValue }

    /// "Buy", "Sell", "Sell short", "Buy to cover": the verb at the start of a sentence.
    public var verb: String {
        switch self {
        case .buy: return "Buy"
        case .sell: return "Sell"
        case .sellShort: return "Sell short"
        case .buyToCover: return "Buy to cover"
        }
    }
}
