import Foundation
import Vocabulary

/// A holding in one symbol. `qty` is negative for a short; `costBasis` carries the same sign.
struct SimPosition: Sendable {
    let symbol: String
    let assetID: String
    var qty: Decimal = 0
    var costBasis: Decimal = 0

    var avgEntryPrice: Decimal { qty == 0 ? 0 : costBasis / qty }

    /// Books a fill of `signedQty` shares (negative = sold) at `price`.
    mutating func apply(signedQty q: Decimal, price p: Decimal) {
        let newQty = qty + q
        if qty == 0 || (qty > 0) == (q > 0) {
            costBasis += q * p
        } else if newQty == 0 {
            costBasis = 0
        } else if (newQty > 0) == (qty > 0) {
            // Reduced: the rest keeps its average entry price.
            costBasis = costBasis * newQty / qty
        } else {
            // Flipped from long to short or back: the remainder opened at this fill.
            costBasis = newQty * p
        }
        qty = newQty
    }

    /// Alpaca's position object, marked at `currentPrice` (the current bar's close) against
    /// `lastdayPrice` (the previous session's close).
    func json(currentPrice: Decimal, lastdayPrice: Decimal, heldForOrders: Decimal) -> JSONValue {
        let marketValue = qty * currentPrice
        let unrealized = marketValue - costBasis
        let intraday = (currentPrice - lastdayPrice) * qty
        let lastdayValue = abs(lastdayPrice * qty)
        return .object([
            "asset_id": .string(assetID),
            "symbol": .string(symbol),
            "exchange": .string(""),
            "asset_class": .string("us_equity"),
            "asset_marginable": .bool(false),
            "qty": .decimal(qty),
            "qty_available": .decimal(qty > 0 ? max(0, qty - heldForOrders) : qty),
            "side": .string(qty < 0 ? "short" : "long"),
            "avg_entry_price": .decimal(DecimalText.rounded(avgEntryPrice, scale: 9)),
            "cost_basis": .decimal(DecimalText.rounded(costBasis, scale: 9)),
            "market_value": .decimal(marketValue),
            "current_price": .decimal(currentPrice),
            "lastday_price": .decimal(lastdayPrice),
            "change_today": .decimal(Self.ratio(currentPrice - lastdayPrice, lastdayPrice)),
            "unrealized_pl": .decimal(DecimalText.rounded(unrealized, scale: 9)),
            "unrealized_plpc": .decimal(Self.ratio(unrealized, abs(costBasis))),
            "unrealized_intraday_pl": .decimal(intraday),
            "unrealized_intraday_plpc": .decimal(Self.ratio(intraday, lastdayValue)),
        ])
    }

    /// A fraction rounded to 10 places (0.0084 = 0.84 %), 0 when the base is 0.
    static func ratio(_ part: Decimal, _ whole: Decimal) -> Decimal {
        whole == 0 ? 0 : DecimalText.rounded(part / whole, scale: 10)
    }
}
