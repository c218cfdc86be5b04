import Audit
import Engine
import Foundation
import Policy
import RuleLanguage
import Vocabulary

/// Orders that needed a person: queued at decision time, sent once approved.
extension LiveRunner {
    /// Puts a `needs_approval` decision in the durable queue (which records it in the audit
    /// log). The deadline is the end of the trading day the order would be placed on.
    func enqueueForApproval(_ record: DecisionRecord, intent: OrderIntent) throws {
        let deadline = options.approvalExpiry.deadline(forDecisionAt: approvalDay(for: intent))
        do {
            let transition = try queue.enqueue(decision: record, decidedAt: intent.timeText, expiresAt: deadline)
            pendingApprovals += 1
            logger.notice("order waits for approval", metadata: ["order": "\(transition.item.id)", "until": "\(transition.item.expiresAt)",
                                                                 "how": "algobot approvals approve \(transition.item.id)"])
        } catch ApprovalError.alreadyQueued {
            return
        }
    }

    /// The trading day the order would be placed on: the decision bar's own day for intraday
    /// bars, the next weekday for a daily bar (decided after its close, placed at the next open).
    func approvalDay(for intent: OrderIntent) -> String {
        guard intent.utcOffset == nil, case .endOfTradingDay = options.approvalExpiry else { return intent.timeText }
        let day = CivilDate.nextWeekday(after: CivilDate.day(containing: intent.time))
        return OrderIDs.timeText(day * CivilDate.secondsPerDay, utcOffset: nil)
    }

    /// Expires what is overdue and sends what a person approved, after re-running the policy
    /// against the broker's state now. Nothing is sent while trading is halted, the broker
    /// is down or the holdings do not reconcile; approved orders wait (until they expire).
    func processApprovals() async throws {
        guard let clock else { return }
        let now = MarketTime.utcText(clock.now)
        try queue.expire(now: now)
        let open = try queue.list(now: now)
        pendingApprovals = open.count
        let ready = open.filter { $0.state == .approved && !$0.isExpired }
        guard !ready.isEmpty, runtimeGates(actionable: true).isEmpty else { return }
        guard await refreshAccount() else { return }
        for item in ready {
            let intent: OrderIntent
            do {
                intent = try IntentRebuilder.intent(from: item.decision, decidedAt: item.decidedAt, core: core)
            } catch {
                let claimed = try? queue.claimForSending(id: item.id, now: now)
                try append(.approval(ApprovalRecord(orderId: item.id, decisionId: item.decisionId, action: "recheck_blocked",
                    by: "algobot run", note: "not sent: \(error)", recheckOutcome: CheckedPolicy.Outcome.block.rawValue)), at: now)
                logger.error("approved order cannot be sent", metadata: ["order": "\(item.id)", "claimed": "\(claimed != nil)"])
                continue
            }
            let claimed: ApprovalItem
            do {
                claimed = try queue.claimForSending(id: item.id, now: now)
            } catch {
                continue   // expired or decided elsewhere in the meantime: never sent
            }
            let price = marks[intent.symbol] ?? intent.price
            var view = snapshot(for: intent.symbol, price: price)
            if !view.mark.isFinite { view.mark = price }
            let decision = core.decide(intent, account: view, approval: HumanApproval(by: claimed.by ?? "operator", note: claimed.note))
            if let approved = decision.approvedOrder {
                try await submit(approved)
            } else {
                try append(.approval(ApprovalRecord(orderId: item.id, decisionId: item.decisionId, action: "recheck_blocked",
                    by: "algobot run", note: "re-checked just before sending: \(decision.reason)",
                    recheckOutcome: decision.outcome.rawValue,
                    recheck: decision.checks.map { DecisionRecords.check($0, in: decision) })), at: now)
                logger.warning("approved order blocked by the policy re-check before sending",
                               metadata: ["order": "\(item.id)", "reason": "\(decision.reason)"])
            }
        }
        pendingApprovals = try queue.list(now: now).count
    }
}
