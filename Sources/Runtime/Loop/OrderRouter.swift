import Audit
import Engine
import Foundation
import Logging
import Policy
import Vocabulary

/// Sends approved orders and follows each to a final state: the one place an order leaves the
/// run and the one place its answers come back (fills, status changes).
///
/// An order is an `ApprovedOrder`, which only the policy can make; its `order_submitted`
/// record is written and fsynced before the request leaves, and its client order id makes a
/// second send of the same decision impossible (the ledger and the broker both refuse it).
final class OrderRouter {
    let session: BrokerSession
    let journal: RunJournal
    private let notices: RunNotices
    let logger: Logger
    /// Told just before a request leaves, so the status file shows the order in flight.
    var willSend: () -> Void = {}

    /// An order is on its way to the broker (recorded, not yet answered).
    private(set) var sending = false
    private(set) var sentCount = 0
    private(set) var fillCount = 0
    /// Client order ids whose fills this run recorded (a position's life starts at the bar after).
    private(set) var filledThisRun: Set<String> = []

    init(session: BrokerSession, journal: RunJournal, notices: RunNotices, logger: Logger) {
        self.session = session
        self.journal = journal
        self.notices = notices
        self.logger = logger
    }

    /// Sends one approved order, resting for `timeInForce` when it is not a market order, with
    /// the exit legs the policy allowed for it (one `bracket` or `oto` order; `ExitLegOrders`).
    /// Each order's `order_submitted` (the entry's, then each leg's under its name) is on disk
    /// before the request leaves. After a crash the next run looks each up by its client order
    /// id instead of sending it again.
    /// A trailing stop (`trailPercent`) goes as a simple `trailing_stop` order.
    func submit(_ approved: ApprovedOrder, legs: ExitLegOrders = ExitLegOrders(), trailPercent: Double? = nil,
                timeInForce: Vocabulary.TimeInForce = .day) async throws {
        let intent = approved.intent
        guard journal.ledger.orders[intent.clientOrderId] == nil else {
            logger.notice("order already sent; not sending again", metadata: ["client_order_id": "\(intent.clientOrderId)"])
            return
        }
        guard let amount = OrderSizing.amount(for: approved) else {
            try journal.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId, brokerOrderId: nil,
                status: "not_sent", message: "the order comes to less than one share at \(intent.price); nothing was sent")))
            return
        }
        let named = legs.named(parent: intent.clientOrderId)
        try journal.append(.orderSubmitted(OrderSubmitted(
            orderId: intent.orderId, clientOrderId: intent.clientOrderId, decisionId: intent.decisionId, symbol: intent.symbol,
            side: intent.side, qty: amount.qty, notional: amount.notional, broker: session.broker.kind)))
        // A leg sells (or covers) what the entry buys (or sells short).
        for leg in named {
            let own = leg.order.intent
            try journal.append(.orderSubmitted(OrderSubmitted(
                orderId: own.orderId, clientOrderId: leg.clientOrderId, decisionId: own.decisionId, symbol: own.symbol,
                side: own.side, qty: amount.qty, notional: nil, broker: session.broker.kind)))
        }
        let ids = [(intent.orderId, intent.clientOrderId)] + named.map { ($0.order.intent.orderId, $0.clientOrderId) }
        sentCount += 1
        notices.orderSent()
        sending = true
        willSend()
        defer { sending = false }
        do {
            let answers = if let trailPercent {
                [try await session.broker.submit(approved, trailPercent: trailPercent, timeInForce: timeInForce)]
            } else {
                try await session.broker.submit(approved, legs: legs, timeInForce: timeInForce)
            }
            session.answered()
            for order in answers { _ = try apply(order) }
            logger.info("order sent", metadata: ["client_order_id": "\(intent.clientOrderId)",
                                                 "status": "\(answers.first?.status ?? "?")", "legs": "\(named.count)"])
        } catch let error as BrokerError where error.kind == .refused {
            session.answered()
            for (orderId, clientOrderId) in ids {
                try journal.append(.orderUpdate(OrderUpdate(orderId: orderId, clientOrderId: clientOrderId, brokerOrderId: nil,
                                                            status: "rejected", message: error.message)))
            }
            logger.error("the broker refused the order", metadata: ["client_order_id": "\(intent.clientOrderId)",
                                                                    "error": "\(error.message)"])
        } catch {
            session.failed(error)
            for (orderId, clientOrderId) in ids {
                try journal.append(.orderUpdate(OrderUpdate(orderId: orderId, clientOrderId: clientOrderId, brokerOrderId: nil,
                    status: "submit_unknown",
                    message: "no answer from the broker (\(error)); the order is looked up by its client order id "
                        + "before anything else happens, never sent twice")))
            }
        }
    }

    /// Cancels our resting orders whose time is over at the decision on bar `barTime`
    /// (`RestingExpiry`): Alpaca expires a day order itself after the close, the simulator at
    /// the next session, and neither counts `expire_bars`; canceling here makes the run's view
    /// the backtest's at every broker. The request is recorded as `pending_cancel` with the
    /// reason (the order stays open, and its symbol places nothing, until the broker says it
    /// ended); the order is then looked up and its fills and status recorded. A refusal (the
    /// order filled or ended meanwhile) is settled by the same look-up.
    func expireRestingOrders(at barTime: Int64, expiry: RestingExpiry) async throws {
        for order in journal.openOrders {
            guard order.status != "pending_cancel", let why = expiry.verdict(order, at: barTime),
                  let brokerId = order.brokerOrderId else { continue }
            guard try await cancel(order, brokerId: brokerId, why: why, log: "resting order canceled", level: .info) else { return }
        }
    }

    /// Asks the broker to cancel our open `order` and records the request as `pending_cancel`
    /// with `why` (it stays open, and counts, until the broker says it ended), then looks it
    /// up and records its fills and status; a refusal (it filled or ended meanwhile) is settled
    /// by the same look-up. False when the broker did not answer (the session is marked down):
    /// the caller stops cancelling for now.
    func cancel(_ order: AuditLedger.Order, brokerId: String, why: String, log: Logger.Message,
                level: Logger.Level) async throws -> Bool {
        let id = order.clientOrderId
        do {
            try await session.broker.cancel(orderId: brokerId)
            session.answered()
            try journal.append(.orderUpdate(OrderUpdate(orderId: order.orderId, clientOrderId: id, brokerOrderId: brokerId,
                                                        status: "pending_cancel", message: why)))
            logger.log(level: level, log, metadata: ["client_order_id": "\(id)", "why": "\(why)"])
        } catch let error as BrokerError where error.kind == .refused {
            session.answered()
        } catch {
            session.failed(error, doing: "cancel \(id)")
            return false
        }
        guard let answer = await session.read("order \(id)", { try await self.session.broker.order(clientOrderId: id) }) else { return false }
        if let current = answer { _ = try apply(current) }
        return true
    }

    /// Brings every order the ledger holds open up to date with the broker. `brokerOpen` is
    /// the broker's open-order list when the caller already has it. Returns whether anything
    /// was recorded, or nil when the broker did not answer.
    func track(brokerOpen: [BrokerOrder]? = nil) async throws -> Bool? {
        let open = journal.openOrders
        guard !open.isEmpty else { return false }
        let listed: [BrokerOrder]
        if let brokerOpen {
            listed = brokerOpen
        } else {
            guard let answer = await session.read("open orders", { try await self.session.broker.openOrders() }) else { return nil }
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
            guard let lookedUp = await session.read("order \(id)", { try await self.session.broker.order(clientOrderId: id) }) else {
                return nil
            }
            if let current = lookedUp {
                if try apply(current) { changed = true }
            } else {
                try journal.append(.orderUpdate(OrderUpdate(orderId: order.orderId, clientOrderId: id, brokerOrderId: nil,
                    status: "submit_failed",
                    message: "the broker has no order with this client order id: it never arrived (the bot stopped or "
                        + "lost the connection while sending). It is not sent again.")))
                logger.warning("an order recorded as sent never reached the broker", metadata: ["client_order_id": "\(id)"])
                changed = true
            }
        }
        return changed
    }

    /// Records what changed in one of our orders: new fills (as `fill` records, the price of
    /// each increment derived from the average), then the new status.
    func apply(_ order: BrokerOrder) throws -> Bool {
        guard let known = journal.ledger.orders[order.clientOrderId] else { return false }
        var changed = false
        if order.filledQty > known.filledQty + 1e-9 {
            let delta = order.filledQty - known.filledQty
            let average = order.filledAvgPrice ?? .nan
            // The first fill is at the average; later increments are what the average implies.
            var price = known.filledQty > 0 ? (order.filledQty * average - known.filledValue) / delta : average
            if !price.isFinite || price <= 0 { price = average.isFinite ? average : 0 }
            try journal.append(.fill(FillRecord(orderId: known.orderId, clientOrderId: known.clientOrderId, brokerOrderId: order.id,
                                                symbol: known.symbol, side: known.side, qty: delta, price: price, commission: 0)))
            fillCount += 1
            filledThisRun.insert(known.clientOrderId)
            notices.fillRecorded()
            changed = true
        }
        if order.status != known.status || known.brokerOrderId == nil {
            try journal.append(.orderUpdate(OrderUpdate(orderId: known.orderId, clientOrderId: known.clientOrderId, brokerOrderId: order.id,
                                                        status: order.status)))
            changed = true
        }
        return changed
    }
}
