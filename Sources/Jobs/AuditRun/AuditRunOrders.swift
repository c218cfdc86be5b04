import Audit
import Engine
import Policy
import Vocabulary

/// Every decision of a recorded run as an `OrderReport`: the decision judged again by the
/// policy that made it (the file the record names, with the same SHA-256), and what became of
/// its order in the log (approval, submission, the broker's answers, fills).
///
/// A judgment that differs from the recorded outcome is an error, never a quiet correction:
/// the report shows what the log says or nothing.
struct AuditRunOrders {
    let policy: CompiledPolicy
    let records: AuditRunRecords
    let fillBars: [String: (time: Int64, offset: Int32?)]
    let path: String

    func reports() throws -> [OrderReport] {
        try records.decisions.map { try report($0.record, line: $0.stamp.line) }
    }

    private func report(_ record: DecisionRecord, line: Int) throws -> OrderReport {
        guard let input = record.input else {
            throw AuditReportError(message: "\(path):\(line): decision \(record.id) was recorded before decisions carried the policy's "
                + "input, so the report cannot show its checks; report a log written by this version of algobot")
        }
        let orderId = record.order.orderId
        let approvals = records.approvals[orderId] ?? []
        let approved = approvals.last { $0.action == .approved }
        let decision = policy.evaluate(OrderIntent(input.intent), account: AccountSnapshot(input.account),
                                       approval: approved.map { HumanApproval(by: $0.by ?? "an operator", note: $0.note) })
        guard decision.outcome == record.outcome else {
            throw AuditReportError(message: "\(path):\(line): decision \(record.id) is recorded as \(record.outcome.rawValue), but its "
                + "policy judges the recorded input \(decision.outcome.rawValue) now; the report shows only what the log says, so "
                + "none was written")
        }
        let fills = records.fills(of: orderId)
        let filledQty = fills.reduce(0.0) { $0 + $1.record.qty }
        let (status, note) = fate(record, approvals: approvals, filledQty: filledQty)
        let observed = record.rule.values.map { (expression: $0.expression, value: $0.value ?? .nan, previous: $0.previous) }
        guard filledQty > 0 else {
            return OrderReport(recorded: decision, status: status, filledQty: nil, fillPrice: nil, commission: nil, filledTime: nil,
                               filledOffset: nil, note: note, observed: observed)
        }
        let value = fills.reduce(0.0) { $0 + $1.record.qty * $1.record.price }
        let commission = fills.reduce(0.0) { $0 + $1.record.commission }
        let placed = fillBars[orderId]
        return OrderReport(recorded: decision, status: status, filledQty: filledQty, fillPrice: value / filledQty, commission: commission,
                           filledTime: placed?.time, filledOffset: placed?.offset, note: note, observed: observed)
    }

    /// The report's status of a decision and, when the status alone does not say it, why.
    private func fate(_ record: DecisionRecord, approvals: [ApprovalRecord], filledQty: Double) -> (OrderReport.Status, String?) {
        if let gate = record.gates?.first {
            return (.blocked, "blocked after the policy by \(gate.id.rawValue): \(gate.message)")
        }
        switch record.outcome {
        case .block: return (.blocked, nil)
        case .needsApproval:
            guard let approval = approvals.last(where: { $0.action == .approved }) else {
                return (.needsApproval, Self.notApproved(approvals.last))
            }
            let by = "approved by \(approval.by ?? "an operator")" + (approval.note.map { " (\($0))" } ?? "")
            if let after = approvals.last, after.action != .approved, filledQty == 0 {
                return (.needsApproval, by + ", then " + (Self.notApproved(after) ?? after.action.rawValue))
            }
            let (status, note) = broker(record.order.orderId, filledQty: filledQty)
            return (status, [by, note].compactMap { $0 }.joined(separator: "; "))
        case .allow: return broker(record.order.orderId, filledQty: filledQty)
        }
    }

    private static func notApproved(_ last: ApprovalRecord?) -> String? {
        switch last?.action {
        case .rejected?: return "rejected by \(last?.by ?? "an operator")" + (last?.note.map { " (\($0))" } ?? "")
        case .expired?: return "expired: nobody approved it before its deadline"
        case .recheckBlocked?: return "approved, but the policy's re-check blocked it, so it was not sent"
        case .queued?, nil: return "still waiting for approval when the log ends"
        case .approved?: return nil
        }
    }

    /// What the broker did with an order the run meant to send.
    private func broker(_ orderId: String, filledQty: Double) -> (OrderReport.Status, String?) {
        let last = records.updates[orderId]?.last
        let words = last.map { update in update.status + (update.message.map { ": \($0)" } ?? "") }
        if filledQty > 0 {
            let ordered = records.submitted[orderId]?.qty
            if let ordered, filledQty < ordered - 1e-9 {
                return (.filled, "partly filled (\(Money.quantity(filledQty)) of \(Money.quantity(ordered)))" + (words.map { "; \($0)" } ?? ""))
            }
            return (.filled, nil)
        }
        switch last?.status {
        case "dry_run"?: return (.unfilled, "dry run: decided and recorded, never sent")
        case "rejected"?: return (.canceled, "rejected by the broker" + (last?.message.map { ": \($0)" } ?? ""))
        case "canceled"?, "expired"?, "not_sent"?, "submit_failed"?, "done_for_day"?:
            return (.canceled, words)
        case nil where records.submitted[orderId] == nil:
            return (.unfilled, "never sent: the log has no order_submitted record for it")
        default:
            return (.unfilled, "not filled when the log ends" + (words.map { " (last broker status \($0))" } ?? ""))
        }
    }
}
