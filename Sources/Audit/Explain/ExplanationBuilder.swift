import Vocabulary

/// Turns the records of one decision (and its order's life) into an `Explanation`. It reads
/// the decision's fate through `effectiveOutcome`, `effectiveReason` and `effectiveChecks`,
/// so a decision a runtime gate blocked explains the same from old and new records.
struct ExplanationBuilder {
    var subject: String
    /// The decision line.
    var decisionRecord: AuditRecord
    var decision: DecisionRecord
    /// Every other record of the order, in log order.
    var related: [AuditRecord]
    /// Advisor notes written for this decision, in log order (the last one is shown).
    var advisorNotes: [AdvisorNoteRecord] = []
    /// The run's notes about this decision (an `exit_watched` note), in log order.
    var notes: [NoteRecord] = []

    func build() -> Explanation {
        let approvals = related.compactMap(approvalEvent)
        var seenBrokerIds = Set<String>()
        let broker = related.compactMap { brokerEvent($0, seenBrokerIds: &seenBrokerIds) }
        let submitted = related.contains { if case .orderSubmitted = $0.body { return true } else { return false } }
        return Explanation(
            subject: subject,
            headline: headline(approvals: approvals, submitted: submitted),
            decisionId: decision.id,
            orderId: decision.order.orderId,
            clientOrderId: decision.order.clientOrderId,
            symbol: decision.symbol,
            at: decisionRecord.at,
            wall: decisionRecord.wall,
            mode: decision.mode,
            strategy: decision.strategy,
            policy: decision.policy,
            order: decision.order,
            ordered: PlainWords.order(decision.order, symbol: decision.symbol),
            rule: rule(),
            exitReason: decision.input?.intent.exitReason,
            trigger: trigger(),
            exitHeldBy: exitHeldBy(),
            checks: checks(),
            outcome: decision.effectiveOutcome,
            outcomeText: decision.effectiveOutcome.pastTense,
            reason: decision.effectiveReason,
            approvals: approvals,
            broker: broker,
            brokerSummary: broker.isEmpty ? brokerSummary(approvals: approvals) : nil,
            approvalHint: PlainWords.approvalHint(decision, checks: decision.effectiveChecks, approvals: approvals),
            advisorNote: decision.advisorNote ?? advisorNotes.last?.displayText,
            advisor: advisorNotes.last
        )
    }

    private func headline(approvals: [ApprovalEvent], submitted: Bool) -> String {
        let name = subject == "order" ? "Order \(decision.order.orderId)" : "Decision \(decision.id)"
        let what = "\(decision.order.side) \(PlainWords.size(decision.order)) \(decision.symbol) on \(decisionRecord.at)"
        var status: [String] = []
        switch decision.effectiveOutcome {
        case .allow: status.append("allowed")
        case .needsApproval:
            status.append(approvals.last.map { PlainWords.approvalStatus($0) } ?? "needed approval")
        case .block: status.append("blocked")
        }
        if submitted {
            status.append("sent")
            if let last = lastStatus() { status.append(PlainWords.status(last)) }
        } else {
            status.append("no order was sent")
        }
        return "\(name): \(what) — \(status.joined(separator: ", "))"
    }

    private func lastStatus() -> String? {
        var last: String?
        for record in related {
            if case .orderUpdate(let u) = record.body { last = u.status }
            if case .fill = record.body, last == nil { last = "filled" }
        }
        return last
    }

    private func rule() -> RuleExplanation {
        let values = decision.rule.values.map { v in
            let shown = Money.distinguishing([v.value, v.previous])
            var text = "\(v.expression) = \(shown[0])"
            if v.previous != nil { text += " (previous bar \(shown[1]))" }
            return ValueExplanation(expression: v.expression, value: v.value, previous: v.previous, text: text)
        }
        return RuleExplanation(id: decision.rule.id, location: decision.rule.location, expression: decision.rule.expression,
                               values: values, crossing: PlainWords.crossing(decision.rule))
    }

    /// The trigger recorded with the order's first fill, in words. A live exit's fill carries
    /// none (the broker filled it inside a bar whose path the bot does not see): then the level
    /// the decision set and the broker's price.
    private func trigger() -> String? {
        for record in related {
            guard case .fill(let f) = record.body else { continue }
            if let t = f.trigger { return PlainWords.trigger(t, closing: f.side, at: record.at, price: f.price) }
            guard decision.mode != .backtest, let intent = decision.input?.intent, let reason = intent.exitReason else { return nil }
            return PlainWords.brokerTrigger(reason, orderType: intent.orderType, level: decision.order.price, price: f.price)
        }
        return nil
    }

    /// Who held a live exit: the broker, as the order the decision describes, or the bot.
    private func exitHeldBy() -> String? {
        guard decision.mode != .backtest, let intent = decision.input?.intent, let reason = intent.exitReason else { return nil }
        let watched = notes.last { $0.kind == "exit_watched" }
        return PlainWords.exitHeldBy(reason, orderType: intent.orderType, price: decision.order.price,
                                     watched: watched.map { PlainWords.withoutDecisionId($0.message, decision.id) })
    }

    private func checks() -> [CheckExplanation] {
        let outcome = decision.effectiveOutcome
        let all = decision.effectiveChecks.map { check -> CheckExplanation in
            let decisive = check.result != .pass && outcome != .allow
                && (check.outcome == outcome || (check.result == .error && outcome == .block))
            return CheckExplanation(id: check.id, kind: check.kind, result: check.result, outcome: check.outcome,
                                    message: check.message, location: check.location, values: check.values, limit: check.limit,
                                    decisive: decisive, text: PlainWords.check(check))
        }
        return all.filter(\.decisive) + all.filter { !$0.decisive && $0.result != .pass } + all.filter { $0.result == .pass }
    }

    private func approvalEvent(_ record: AuditRecord) -> ApprovalEvent? {
        guard case .approval(let a) = record.body else { return nil }
        return ApprovalEvent(action: a.action, at: record.at, wall: record.wall, by: a.by, note: a.note,
                             recheckOutcome: a.recheckOutcome, text: PlainWords.approval(a))
    }

    /// The broker's order id is named once, on the first event that carries it.
    private func brokerEvent(_ record: AuditRecord, seenBrokerIds: inout Set<String>) -> BrokerEvent? {
        switch record.body {
        case .orderSubmitted(let s):
            let size = s.qty.map { Money.quantity($0) } ?? s.notional.map { Money.text($0) + " of" } ?? ""
            return BrokerEvent(type: "order_submitted", at: record.at, wall: record.wall, status: "submitted",
                               qty: s.qty, text: "submitted to the \(s.broker) broker: \(s.side) \(size) \(s.symbol)")
        case .orderUpdate(let u):
            var text = u.status == "filled" ? "order completely filled" : PlainWords.status(u.status)
            if let id = u.brokerOrderId, seenBrokerIds.insert(id).inserted { text += " (broker id \(id))" }
            if let message = u.message, !message.isEmpty { text += ": \(message)" }
            return BrokerEvent(type: "order_update", at: record.at, wall: record.wall, status: u.status,
                               brokerOrderId: u.brokerOrderId, text: text)
        case .fill(let f):
            let text = "filled \(Money.quantity(f.qty)) at \(Money.text(f.price)) "
                + "(\(Money.text(f.qty * f.price)), commission \(Money.text(f.commission)))"
            return BrokerEvent(type: "fill", at: record.at, wall: record.wall, status: "fill", brokerOrderId: f.brokerOrderId,
                               qty: f.qty, price: f.price, commission: f.commission, text: text)
        default:
            return nil
        }
    }

    private func brokerSummary(approvals: [ApprovalEvent]) -> String {
        switch decision.effectiveOutcome {
        case .block: return "Nothing was sent to the broker: the policy blocked the order."
        case .needsApproval:
            guard let last = approvals.last else {
                if decision.mode == .backtest {
                    return "Nothing was sent: backtests do not wait for approval (--approve-all runs such orders as if approved)."
                }
                return "Nothing was sent to the broker: the order is waiting for approval."
            }
            switch last.action {
            case .approved: return "Nothing has reached the broker yet: the order was approved but not sent."
            case .queued: return "Nothing was sent to the broker: the order is waiting for approval."
            case .expired:
                let approved = approvals.contains { $0.action == .approved }
                return approved ? "Nothing was sent to the broker: the order was approved, but its approval expired before it could be sent."
                    : "Nothing was sent to the broker: nobody approved the order before its approval expired."
            case .rejected, .recheckBlocked:
                return "Nothing was sent to the broker: the order was \(PlainWords.approvalStatus(last))."
            }
        case .allow: return "Nothing reached the broker."
        }
    }
}
