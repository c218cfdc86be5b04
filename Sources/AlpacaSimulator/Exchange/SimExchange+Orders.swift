import Foundation

/// Order entry and cancellation, with Alpaca's checks in Alpaca's order: body, uniqueness of
/// `client_order_id`, the exit legs against the base price, then buying power or shares.
extension SimExchange {
    mutating func submit(_ request: OrderRequest) -> Result<SimOrder, APIError> {
        if let clientID = request.clientOrderID, clientOrderIndex[clientID] != nil {
            return .failure(.duplicateClientOrderID)
        }
        if let failure = checkLegsAgainstBasePrice(request) { return .failure(failure) }
        let reference = request.limitPrice ?? request.stopPrice ?? lastClose(request.symbol)
        switch request.side {
        case .buy:
            guard let price = reference else {
                return .failure(.coded(422, 42210000, "asset \"\(request.symbol)\" has no price yet in this simulation"))
            }
            let cost = request.notional ?? (request.qty ?? 0) * price
            if cost > buyingPower { return .failure(.insufficientBuyingPower) }
        case .sell:
            if let failure = checkSell(request, reference: reference) { return .failure(failure) }
        }

        let submittedAt = nextInstant()
        let sessionDate: Int64? = ["gtc"].contains(request.timeInForce) ? nil
            : (atEnd ? timeline.nextTradingDate(after: timeline.date(ofStep: cursor)) : timeline.date(ofStep: cursor + 1))
        let id = ids.nextUUID()
        let clientID = request.clientOrderID ?? ids.nextUUID()
        var order = SimOrder(
            id: id, clientOrderID: clientID, sequence: orders.count, symbol: request.symbol,
            assetID: assetIDs[request.symbol] ?? "", side: request.side, kind: request.kind, timeInForce: request.timeInForce,
            qty: request.qty, notional: request.notional, limitPrice: request.limitPrice, extendedHours: request.extendedHours,
            submittedAt: submittedAt, submitStep: cursor, sessionDate: sessionDate,
            status: isMarketOpen ? "new" : "accepted", updatedAt: submittedAt)
        order.stopPrice = request.stopPrice
        order.orderClass = request.orderClass
        if request.kind == .trailingStop {
            // Alpaca starts the high-water mark at the market price when the order arrives.
            order.trailPercent = request.trailPercent
            order.trailPrice = request.trailPrice
            order.hwm = lastClose(request.symbol)
            if let mark = order.hwm { order.stopPrice = trailingLevel(order, extreme: mark) }
        }
        if request.orderClass == "oco" {
            order.exitRole = .takeProfit
            order.activeFrom = cursor + 1
        }
        let index = append(order)
        addLegs(request, parent: index)
        return .success(orders[index])
    }

    /// Files an order under its ids; returns its index.
    mutating func append(_ order: SimOrder) -> Int {
        orderIndex[order.id] = orders.count
        clientOrderIndex[order.clientOrderID] = orders.count
        orders.append(order)
        return orders.count - 1
    }

    /// Long-only accounts may sell what they hold and is not already held by open sell orders.
    private func checkSell(_ request: OrderRequest, reference: Decimal?) -> APIError? {
        if config.shortingEnabled { return nil }
        let existing = positions[request.symbol]?.qty ?? 0
        let held = heldForOrders(request.symbol)
        if existing <= 0 && held == 0 { return .notAllowedToShort }
        let requested: Decimal
        if let qty = request.qty {
            requested = qty
        } else if let notional = request.notional, let price = reference, price > 0 {
            requested = DecimalText.rounded(notional / price, scale: 9, mode: .down)
        } else {
            requested = 0
        }
        let available = max(0, existing - held)
        if requested > available {
            return .insufficientQty(requested: requested, available: available, existing: existing, held: held,
                                    symbol: request.symbol)
        }
        return nil
    }

    /// Cancels an open order at once (Alpaca passes through `pending_cancel`; nothing can fill
    /// in between here), and with it every open order of its group: canceling one order of a
    /// bracket cancels the rest (a parent's held legs, a leg's sibling).
    mutating func cancel(id: String) -> Result<Void, APIError> {
        guard let index = orderIndex[id] else { return .failure(.orderNotFound) }
        guard orders[index].isOpen else { return .failure(.notCancelable(status: orders[index].status)) }
        let time = nextInstant()
        for member in group(of: index) where orders[member].isOpen {
            orders[member].status = "canceled"
            orders[member].canceledAt = time
            orders[member].updatedAt = time
        }
        return .success(())
    }

    /// `DELETE /v2/orders`: every open order, oldest first, with its per-order status (an
    /// order its group's cancellation already took counts as canceled).
    mutating func cancelAll() -> [(id: String, status: Int)] {
        orders.filter(\.isOpen).map { order in
            guard self.order(id: order.id)?.isOpen == true else { return (order.id, 200) }
            switch cancel(id: order.id) {
            case .success: return (order.id, 200)
            case .failure(let error): return (order.id, error.status)
            }
        }
    }
}
