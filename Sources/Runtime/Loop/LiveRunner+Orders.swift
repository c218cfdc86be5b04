import Audit
import Engine
import Foundation
import Policy
import Vocabulary

/// Sending approved orders and following them to a final state.
extension LiveRunner {
    /// Sends one approved order. The `order_submitted` record is written and fsynced before
    /// the request leaves, so an order can never exist at the broker without a record of it;
    /// after a crash the next run looks it up by its client order id instead of sending again.
    func submit(_ approved: ApprovedOrder) async throws {
        let intent = approved.intent
        guard ledger.orders[intent.clientOrderId] == nil else {
            logger.notice("order already sent; not sending again", metadata: ["client_order_id": "\(intent.clientOrderId)"])
            return
        }
        guard let amount = OrderSizing.amount(for: approved) else {
            try append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId, brokerOrderId: nil,
                status: "not_sent", message: "the order comes to less than one share at \(intent.price); nothing was sent")),
                at: marketNow)
            return
        }
        try append(.orderSubmitted(OrderSubmitted(
            orderId: intent.orderId, clientOrderId: intent.clientOrderId, decisionId: intent.decisionId, symbol: intent.symbol,
            side: intent.side, qty: amount.qty, notional: amount.notional, broker: broker.kind)), at: marketNow)
        ordersSent += 1
        dayTally.orders += 1
        submitting = true
        writeStatus()
        defer { submitting = false }
        do {
            let order = try await broker.submit(approved)
            brokerAnswered()
            _ = try apply(order)
            logger.info("order sent", metadata: ["client_order_id": "\(intent.clientOrderId)", "status": "\(order.status)"])
        } catch let error as BrokerError where error.kind == .refused {
            brokerAnswered()
            try append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId, brokerOrderId: nil,
                                                status: "rejected", message: error.message)), at: marketNow)
            logger.error("the broker refused the order", metadata: ["client_order_id": "\(intent.clientOrderId)",
                                                                    "error": "\(error.message)"])
        } catch {
            brokerFailed(error)
            try append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId, brokerOrderId: nil,
                status: "submit_unknown",
                message: "no answer from the broker (\(error)); the order is looked up by its client order id "
                    + "before anything else happens, never sent twice")),
                at: marketNow)
        }
    }

    /// Brings every order the ledger holds open up to date with the broker. `brokerOpen` is
    /// the broker's open-order list when the caller already has it. Returns whether anything
    /// was recorded, or nil when the broker did not answer.
    func trackOrders(brokerOpen: [BrokerOrder]? = nil) async throws -> Bool? {
        let open = ledger.openOrders
        guard !open.isEmpty else { return false }
        let listed: [BrokerOrder]
        if let brokerOpen {
            listed = brokerOpen
        } else {
            guard let answer = await read("open orders", { try await self.broker.openOrders() }) else { return nil }
            listed = answer
        }
        var byClient: [String: BrokerOrder] = [:]
        for order in listed where byClient[order.clientOrderId] == nil { byClient[order.clientOrderId] = order }
        var changed = false
        for order in open {
            if let current = byClient[order.clientOrderId] {
                if try apply(current) { changed = true }
                continue
            }
            let id = order.clientOrderId
            guard let lookedUp = await read("order \(id)", { try await self.broker.order(clientOrderId: id) }) else { return nil }
            if let current = lookedUp {
                if try apply(current) { changed = true }
            } else {
                try append(.orderUpdate(OrderUpdate(orderId: order.orderId, clientOrderId: id, brokerOrderId: nil, status: "submit_failed",
                    message: "the broker has no order with this client order id: it never arrived (the bot stopped or "
                        + "lost the connection while sending). It is not sent again.")),
                    at: marketNow)
                logger.warning("an order recorded as sent never reached the broker", metadata: ["client_order_id": "\(id)"])
                changed = true
            }
        }
        return changed
    }

    /// Records what changed in one of our orders: new fills (as `fill` records, the price of
    /// each increment derived from the average), then the new status.
    func apply(_ order: BrokerOrder) throws -> Bool {
        guard let known = ledger.orders[order.clientOrderId] else { return false }
        var changed = false
        if order.filledQty > known.filledQty + 1e-9 {
            let delta = order.filledQty - known.filledQty
            let average = order.filledAvgPrice ?? .nan
            // The first fill is at the average; later increments are what the average implies.
            var price = known.filledQty > 0 ? (order.filledQty * average - known.filledValue) / delta : average
            if !price.isFinite || price <= 0 { price = average.isFinite ? average : 0 }
            try append(.fill(FillRecord(orderId: known.orderId, clientOrderId: known.clientOrderId, brokerOrderId: order.id,
                                        symbol: known.symbol, side: known.side, qty: delta, price: price, commission: 0)),
                       at: marketNow)
            fillCount += 1
            dayTally.fills += 1
            changed = true
        }
        if order.status != known.status || known.brokerOrderId == nil {
            try append(.orderUpdate(OrderUpdate(orderId: known.orderId, clientOrderId: known.clientOrderId, brokerOrderId: order.id,
                                                status: order.status)), at: marketNow)
            changed = true
        }
        return changed
    }
}
