import Foundation
import Vocabulary

/// One execution, as `GET /v2/account/activities/FILL` reports it.
struct FillActivity: Sendable {
    let id: String
    let time: Micros
    let orderID: String
    let symbol: String
    let side: SimOrder.Side
    let price: Decimal
    let qty: Decimal
    let cumQty: Decimal
    let leavesQty: Decimal
    let orderStatus: String

    var json: JSONValue {
        .object([
            "activity_type": .string("FILL"),
            "id": .string(id),
            "transaction_time": .string(TimeText.utc(time)),
            "type": .string(leavesQty == 0 ? "fill" : "partial_fill"),
            "price": .decimal(price),
            "qty": .decimal(qty),
            "side": .string(side.rawValue),
            "symbol": .string(symbol),
            "leaves_qty": .decimal(leavesQty),
            "order_id": .string(orderID),
            "cum_qty": .decimal(cumQty),
            "order_status": .string(orderStatus),
        ])
    }
}
