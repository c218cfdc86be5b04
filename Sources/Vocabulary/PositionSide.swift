/// Which way a position (and the round trip that opens and closes it) faces: `long` (bought
/// first, sold later) or `short` (sold first, bought back later). The `side` of trades in
/// reports.
public enum PositionSide: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case long, short

    /// The side of the order that opens such a position (`buy`, `sell_short`).
    @inlinable public var opening: Side { self == .long ? .buy : .sellShort }

    /// The side of the order that closes it (`sell`, `buy_to_cover`).
    @inlinable public var closing: Side { self == .long ? .sell : .buyToCover }

    /// +1 for a long, −1 for a short: the sign of its shares.
    @inlinable public var sign: Double { self == .long ? 1 : -1 }

    public var description: String { rawValue }
}
