import Foundation
import Vocabulary

/// What happens to working orders when the clock reaches a new bar.
extension SimExchange {
    /// Day orders (and `opg`, `cls`, `ioc`, `fok`) whose session has passed are canceled.
    mutating func expireDayOrders(before date: Int64) {
        for index in orders.indices where orders[index].isOpen {
            guard let session = orders[index].sessionDate, session < date else { continue }
            let time = max(NewYorkTime.sessionClose(localDate: session) * TimeText.microsPerSecond, orders[index].submittedAt + 1)
            orders[index].status = "canceled"
            orders[index].canceledAt = time
            orders[index].updatedAt = time
        }
    }

    /// Fills the orders submitted before this step against each symbol's bar at this step:
    /// market orders at the open; limit orders at the open or their limit when the bar reaches it.
    mutating func fillOrders(atStep step: Int) {
        for index in orders.indices where orders[index].isOpen && orders[index].submitStep < step {
            let order = orders[index]
            guard let s = timeline.seriesIndex[order.symbol], let bar = timeline.bar(series: s, atStep: step) else { continue }
            let bars = timeline.series[s]
            let barTime = bars.times[bar]
            let regular = timeline.isRegularHours(barTime: barTime)
            guard regular || (order.kind == .limit && order.extendedHours) else { continue }
            let open = DecimalText.fromDouble(bars.open[bar])
            let openedAt = timeline.openInstant(ofBarTime: barTime) * TimeText.microsPerSecond
            switch order.kind {
            case .market:
                fill(index, price: open, at: openedAt)
            case .limit:
                let limit = order.limitPrice ?? 0
                let low = DecimalText.fromDouble(bars.low[bar])
                let high = DecimalText.fromDouble(bars.high[bar])
                if order.side == .buy && low <= limit {
                    fill(index, price: min(open, limit), at: openedAt)
                } else if order.side == .sell && high >= limit {
                    fill(index, price: max(open, limit), at: openedAt)
                } else if order.timeInForce == "ioc" || order.timeInForce == "fok" {
                    let time = max(openedAt, order.submittedAt + 1)
                    orders[index].status = "canceled"
                    orders[index].canceledAt = time
                    orders[index].updatedAt = time
                }
            }
        }
    }

    /// Books one complete fill: order, cash, position and a FILL activity.
    mutating func fill(_ index: Int, price: Decimal, at openedAt: Micros) {
        let order = orders[index]
        var qty = order.qty ?? DecimalText.rounded((order.notional ?? 0) / price, scale: 9, mode: .down)
        let held = positions[order.symbol]?.qty ?? 0
        if order.side == .sell && !config.shortingEnabled { qty = min(qty, max(0, held)) }
        tick += 1
        let time = max(openedAt, order.submittedAt + 1) + tick
        guard qty > 0 else {
            orders[index].status = "canceled"
            orders[index].canceledAt = time
            orders[index].updatedAt = time
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
    }
}
