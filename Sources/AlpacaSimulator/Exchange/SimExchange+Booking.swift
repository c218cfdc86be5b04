import Foundation
import Vocabulary

/// Books fills: the order, cash, the position and a FILL activity; a parent's fill activates
/// its legs, a leg's fill cancels the rest of its group (one cancels other).
extension SimExchange {
    mutating func fill(_ index: Int, price: Decimal, at openedAt: Micros) {
        let order = orders[index]
        var qty = order.qty ?? DecimalText.rounded((order.notional ?? 0) / price, scale: 9, mode: .down)
        let held = positions[order.symbol]?.qty ?? 0
        if order.side == .sell && !config.shortingEnabled { qty = min(qty, max(0, held)) }
        tick += 1
        let time = max(openedAt, order.submittedAt + 1) + tick
        guard qty > 0 else {
            // Nothing left to sell: the order and its group end here.
            for member in group(of: index) where orders[member].isOpen { end(member, status: "canceled", at: time) }
            return
        }
        let amount = qty * price
        cash += order.side == .buy ? -amount : amount
        var position = positions[order.symbol] ?? SimPosition(symbol: order.symbol, assetID: order.assetID)
        position.apply(signedQty: order.side == .buy ? qty : -qty, price: price)
        positions[order.symbol] = position.qty == 0 ? nil : position

        orders[index].status = "filled"
        orders[index].filledQty = qty
        orders[index].filledAvgPrice = price
        orders[index].filledAt = time
        orders[index].updatedAt = time
        let activityID = TimeText.activityPrefix(time) + "::" + ids.nextUUID()
        fills.append(FillActivity(id: activityID, time: time, orderID: order.id, symbol: order.symbol, side: order.side,
                                  price: price, qty: qty, cumQty: qty, leavesQty: 0, orderStatus: "filled"))

        if order.exitRole != nil {
            for member in group(of: index) where member != index && orders[member].isOpen { end(member, status: "canceled", at: time) }
        }
        for leg in order.legs where orders[leg].status == "held" {
            // Active from this bar on, for the filled quantity, from the fill price on.
            orders[leg].status = "new"
            orders[leg].updatedAt = time
            orders[leg].activeFrom = cursor
            orders[leg].activeOpen = DecimalText.double(price)
            orders[leg].qty = qty
        }
    }

    /// Moves an open order to a final status.
    mutating func end(_ index: Int, status: String, at time: Micros) {
        orders[index].status = status
        orders[index].canceledAt = time
        orders[index].updatedAt = time
    }
}
