import Foundation
import Vocabulary

/// Bracket, OTO and OCO groups: the legs a submission creates, the checks against the base
/// price, the shares a group holds, and the nested JSON Alpaca answers with.
extension SimExchange {
    /// The parent and its legs, parent first, for any member's index.
    func group(of index: Int) -> [Int] {
        let root = orders[index].parent ?? index
        return [root] + orders[root].legs
    }

    /// Creates the legs of a bracket or OTO (exits on the other side, `held` until the parent
    /// fills) or the stop leg of an OCO (active with its parent at once). Leg ids, client ids
    /// included, are the simulator's own, as Alpaca assigns them.
    mutating func addLegs(_ request: OrderRequest, parent: Int) {
        guard !request.orderClass.isEmpty else { return }
        let entry = orders[parent]
        let isOCO = request.orderClass == "oco"
        var specs: [(SimOrder.ExitRole, SimOrder.Kind, Decimal?, Decimal?)] = []
        if !isOCO, let target = request.takeProfitLimit { specs.append((.takeProfit, .limit, target, nil)) }
        if let stop = request.stopLossStop {
            specs.append((.stopLoss, request.stopLossLimit == nil ? .stop : .stopLimit, request.stopLossLimit, stop))
        }
        for (role, kind, limit, stop) in specs {
            var leg = SimOrder(
                id: ids.nextUUID(), clientOrderID: ids.nextUUID(), sequence: orders.count, symbol: entry.symbol,
                assetID: entry.assetID, side: isOCO ? entry.side : (entry.side == .buy ? .sell : .buy), kind: kind,
                timeInForce: entry.timeInForce, qty: entry.qty, notional: nil, limitPrice: limit, extendedHours: false,
                submittedAt: entry.submittedAt, submitStep: entry.submitStep, sessionDate: entry.sessionDate,
                status: isOCO ? entry.status : "held", updatedAt: entry.submittedAt)
            leg.stopPrice = stop
            leg.orderClass = entry.orderClass
            leg.parent = parent
            leg.exitRole = role
            leg.activeFrom = isOCO ? entry.activeFrom : nil
            let legIndex = append(leg)
            orders[parent].legs.append(legIndex)
        }
    }

    /// Alpaca's base price: the entry's limit price for a limit entry, else the market price
    /// (here the last close); for an OCO, its take profit. The take profit must be a cent
    /// beyond it and the stop loss a cent short of it, on the exits' side.
    func checkLegsAgainstBasePrice(_ request: OrderRequest) -> APIError? {
        guard !request.orderClass.isEmpty else { return nil }
        let exitsSell = request.orderClass == "oco" ? request.side == .sell : request.side == .buy
        let cent = Decimal(1) / 100
        let market = lastClose(request.symbol)
        let entryLimit = request.kind == .limit || request.kind == .stopLimit ? request.limitPrice : nil
        if request.orderClass != "oco", let target = request.takeProfitLimit, let base = entryLimit ?? market {
            if exitsSell ? target < base + cent : target > base - cent {
                return .basePrice("take_profit.limit_price", exitsSell ? ">=" : "<=")
            }
        }
        let stopBase = request.orderClass == "oco" ? market : (entryLimit ?? market)
        if let stop = request.stopLossStop, let base = stopBase {
            if exitsSell ? stop > base - cent : stop < base + cent {
                return .basePrice("stop_loss.stop_price", exitsSell ? "<=" : ">=")
            }
        }
        return nil
    }

    /// Shares open sell orders of `symbol` hold against the position (`held_for_orders`). A
    /// group's take profit and stop loss close the same shares, so they count once.
    func heldForOrders(_ symbol: String) -> Decimal {
        let price = lastClose(symbol)
        return orders.indices.reduce(Decimal(0)) { total, index in
            let order = orders[index]
            guard order.symbol == symbol else { return total }
            if order.exitRole == .stopLoss,
               group(of: index).contains(where: { orders[$0].exitRole == .takeProfit && orders[$0].heldShares(lastClose: price) > 0 }) {
                return total
            }
            return total + order.heldShares(lastClose: price)
        }
    }

    /// An order's JSON; with `nested`, a parent's legs in `legs`, as Alpaca answers a bracket's
    /// submission and look-ups with `nested=true`.
    func json(of order: SimOrder, nested: Bool) -> JSONValue {
        guard nested, !order.legs.isEmpty, case .object(let fields) = order.json else { return order.json }
        let legs = JSONValue.array(order.legs.map { orders[$0].json })
        return .object(fields.map { $0.0 == "legs" ? ("legs", legs) : $0 })
    }

    /// A trailing stop's level for `extreme` (its high-water mark), by the shared rule.
    func trailingLevel(_ order: SimOrder, extreme: Decimal) -> Decimal {
        let closing = order.side.vocabulary
        let level: Double
        if let percent = order.trailPercent {
            level = BarFillRules.trailingStopLevel(closing: closing, extreme: DecimalText.double(extreme),
                                                   percent: DecimalText.double(percent))
        } else {
            level = BarFillRules.trailingStopLevel(closing: closing, extreme: DecimalText.double(extreme),
                                                   amount: DecimalText.double(order.trailPrice ?? 0))
        }
        return DecimalText.fromDouble(level)
    }
}
