/// A round trip: from the first buy of a flat symbol to the sell that makes it flat again.
public struct Trade: Sendable, Equatable {
    public let symbol: String
    public let entryTime: Int64
    public let exitTime: Int64
    /// Bar times as the data wrote them (`2020-03-02`).
    public let entryText: String
    public let exitText: String
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
    var entryText: String
    var boughtQty = 0.0
    var boughtCost = 0.0
    var soldQty = 0.0
    var soldProceeds = 0.0
    var commissions = 0.0

    func closed(symbol: String, exitTime: Int64, exitText: String) -> Trade {
        let pnl = soldProceeds - boughtCost - commissions
        return Trade(symbol: symbol, entryTime: entryTime, exitTime: exitTime, entryText: entryText, exitText: exitText,
                     entryPrice: boughtCost / boughtQty, exitPrice: soldQty > 0 ? soldProceeds / soldQty : 0,
                     qty: boughtQty, pnl: pnl, returnPct: boughtCost > 0 ? pnl / boughtCost * 100 : 0)
    }
}
