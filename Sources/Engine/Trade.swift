/// A round trip: from the first buy of a flat symbol to the sell that makes it flat again.
public struct Trade: Sendable, Equatable {
    public let symbol: String
    public let entryTime: Int64
    public let exitTime: Int64
    /// UTC offsets of the entry and exit bars (nil for daily bars), for their text.
    public let entryOffset: Int32?
    public let exitOffset: Int32?

    /// Bar times as the data wrote them (`2020-03-02`).
    public var entryText: String { OrderIDs.timeText(entryTime, utcOffset: entryOffset) }
    public var exitText: String { OrderIDs.timeText(exitTime, utcOffset: exitOffset) }
    /// Average price paid per share over all entries.
    public let entryPrice: Double
    /// Average price received per share over all exits.
    public let exitPrice: Double
    /// Shares bought over the round trip.
    public let qty: Double
    /// Proceeds − cost − commissions of both sides.
    public let pnl: Double
    /// pnl ÷ cost × 100.
    public let returnPct: Double
}

/// The running totals of a round trip that is still open.
struct OpenTrade {
    var entryTime: Int64
    var entryOffset: Int32?
    var boughtQty = 0.0
    var boughtCost = 0.0
    var soldQty = 0.0
    var soldProceeds = 0.0
    var commissions = 0.0

    func closed(symbol: String, exitTime: Int64, exitOffset: Int32?) -> Trade {
        let pnl = soldProceeds - boughtCost - commissions
        return Trade(symbol: symbol, entryTime: entryTime, exitTime: exitTime, entryOffset: entryOffset, exitOffset: exitOffset,
                     entryPrice: boughtCost / boughtQty, exitPrice: soldQty > 0 ? soldProceeds / soldQty : 0,
                     qty: boughtQty, pnl: pnl, returnPct: boughtCost > 0 ? pnl / boughtCost * 100 : 0)
    }
}
