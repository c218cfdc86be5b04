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
            openApprovalIds.insert(transition.item.id)
            tellApprovalNeeded(transition.item)
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
        let expired = try queue.expire(now: now)
        let open = try queue.list(now: now)
        pendingApprovals = open.count
        try announceClosed(open: open, expired: expired, now: now)
        let ready = open.filter { $0.state == .approved && !$0.isExpired }
        guard !ready.isEmpty, runtimeGates(actionable: true).isEmpty else { return }
        guard await refreshAccount() else { return }
        for item in ready {
            let intent: OrderIntent
            do {
                intent = try IntentRebuilder.intent(from: item.decision, core: core)
            } catch {
                try blockBeforeSending(item, reason: "not sent: \(error)", outcome: .block, checks: nil, now: now)
                logger.error("approved order cannot be sent", metadata: ["order": "\(item.id)", "error": "\(error)"])
                continue
            }
            // Judged before it is claimed, so an order the re-check blocks is never marked `sent`.
            let price = marks[intent.symbol] ?? intent.price
            var view = snapshot(for: intent.symbol, price: price)
            if !view.mark.isFinite { view.mark = price }
            let decision = core.decide(intent, account: view, approval: HumanApproval(by: item.by ?? "operator", note: item.note))
            guard let approved = decision.approvedOrder else {
                try blockBeforeSending(item, reason: "re-checked just before sending: \(decision.reason)",
                                       outcome: decision.outcome,
                                       checks: decision.checks.map { DecisionRecords.check($0, in: decision) }, now: now)
                logger.warning("approved order blocked by the policy re-check before sending",
                               metadata: ["order": "\(item.id)", "reason": "\(decision.reason)"])
                continue
            }
            do {
                _ = try queue.claimForSending(id: item.id, now: now)
            } catch {
                continue   // expired or decided elsewhere in the meantime: never sent
            }
            try await submit(approved)
        }
        pendingApprovals = try queue.list(now: now).count
    }

    /// Records that an approved order will not be sent, in the queue and (through it) the
    /// audit log. An order decided elsewhere in the meantime is left as it is.
    private func blockBeforeSending(_ item: ApprovalItem, reason: String, outcome: Outcome, checks: [PolicyCheck]?,
                                    now: String) throws {
        do {
            let transition = try queue.blockBeforeSending(id: item.id, by: ApprovalQueue.runtimeActor, reason: reason, outcome: outcome,
                                                          checks: checks, now: now,
                                                          wall: MarketTime.utcText(options.wallClock()))
            if let record = transition.auditRecord { ledger.apply(record) }
        } catch let error as ApprovalError {
            logger.notice("approved order changed state before it was re-checked", metadata: ["order": "\(item.id)",
                                                                                             "error": "\(error)"])
        }
    }
}
