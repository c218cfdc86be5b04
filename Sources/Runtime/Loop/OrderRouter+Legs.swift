import Audit
import Foundation
import Logging
import Policy
import Vocabulary

/// The exit legs of our positions at the broker: canceled before a rule sells the position
/// they hold (Alpaca holds the shares for them, `held_for_orders`, and refuses a sale of held
/// shares), and canceled when the position is flat and one is left over. Every cancel is
/// recorded with its reason; none happens silently.
extension OrderRouter {
    /// Cancels our open exit legs of `symbol` so that `sale` (the sale or cover of the position,
    /// already allowed, in words: "the rule's sale …") can be sent. Nil when none is left open; else why the sale
    /// must not go (a leg could not be canceled, or filled meanwhile and changed the position
    /// the sale was sized for): the caller blocks it with that reason (fail closed).
    /// The step before every order that sells (or covers) the shares a position's legs hold: a
    /// rule's sale, a `max_bars` sale or a watched exit's market sale, whether decided now or
    /// approved by a person (`DecisionStep.decide`, `ApprovalDesk.process`), has the legs
    /// canceled first. Nil when `intent` may be sent; else the `exit_legs_open` gate that stops it
    /// (fail closed). An order that opens, and an exit the broker holds as an order itself (a
    /// leg, a trailing stop), pass untouched.
    func clearExitLegs(before intent: OrderIntent) async throws -> GateCheck? {
        let heldByBroker = intent.figures.exitReason != nil && intent.figures.orderType != .market
        guard !intent.side.opens, !heldByBroker else { return nil }
        let sale = intent.figures.exitReason.map { "the \($0.rawValue) sale \(intent.decisionId)" } ?? "the rule's sale \(intent.decisionId)"
        guard let why = try await cancelExitLegs(of: intent.symbol, before: sale) else { return nil }
        return GateCheck(.exitLegsOpen, message: "\(why); the sale is not sent")
    }

    func cancelExitLegs(of symbol: String, before sale: String) async throws -> String? {
        let legs = journal.openOrders.filter { $0.symbol == symbol && $0.isExitLeg }
        guard !legs.isEmpty else { return nil }
        for leg in legs where leg.status != "pending_cancel" {
            guard let brokerId = leg.brokerOrderId else {
                return "exit leg \(leg.clientOrderId) has no broker id yet (its entry's answer is not in), so it cannot be "
                    + "canceled and still holds the shares"
            }
            do {
                try await session.broker.cancel(orderId: brokerId)
                session.answered()
                try journal.append(.orderUpdate(OrderUpdate(orderId: leg.orderId, clientOrderId: leg.clientOrderId, brokerOrderId: brokerId,
                    status: "pending_cancel", message: "canceled by the bot before \(sale), which sells the shares it holds")))
            } catch let error as BrokerError where error.kind == .refused {
                // Already ended (its sibling's cancel took it, or it filled): the look-up says which.
                session.answered()
            } catch {
                session.failed(error, doing: "cancel \(leg.clientOrderId)")
                return "the broker did not answer the cancel of exit leg \(leg.clientOrderId) (\(error))"
            }
        }
        for leg in legs {
            let id = leg.clientOrderId
            guard let answer = await session.read("order \(id)", { try await self.session.broker.order(clientOrderId: id) }) else {
                return "the broker did not answer the look-up of exit leg \(id) after its cancel"
            }
            if let current = answer { _ = try apply(current) }
        }
        let now = legs.compactMap { journal.ledger.orders[$0.clientOrderId] }
        if let filled = now.first(where: { $0.filledQty > 0 }) {
            return "exit leg \(filled.clientOrderId) filled \(Money.quantity(filled.filledQty)) shares before it was canceled, so "
                + "the position the sale was sized for is gone"
        }
        if let open = now.first(where: \.isOpen) {
            return "exit leg \(open.clientOrderId) is still \(open.status) at the broker and holds the shares"
        }
        return nil
    }

    /// Cancels every open exit leg of ours whose symbol the audit log holds no position in
    /// while no entry of that symbol is in flight: left over when the position was closed by
    /// another exit or outside the bot. Each cancel is
    /// recorded with that reason, then the leg is looked up.
    func cancelLeftoverLegs() async throws {
        let open = journal.openOrders
        let entering = Set(open.filter { !$0.isExitLeg }.map(\.symbol))
        for leg in open where leg.isExitLeg && leg.status != "pending_cancel" && !entering.contains(leg.symbol)
            && journal.ledger.expectedPositions[leg.symbol] == nil {
            guard let brokerId = leg.brokerOrderId else { continue }
            let why = "the position in \(leg.symbol) is closed; this leftover exit leg is canceled by the bot"
            guard try await cancel(leg, brokerId: brokerId, why: why, log: "leftover exit leg canceled", level: .notice) else { return }
        }
    }
}
