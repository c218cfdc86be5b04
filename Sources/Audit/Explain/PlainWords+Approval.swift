import Vocabulary

/// What an order that needed approval waited on: the check that asked for a person, where
/// the policy sets it, and what to change.
extension PlainWords {
    /// "approval_threshold is $1,000 (rules/supervised.yaml:9:3): orders above it wait for a
    /// person; raise it or approve with `algobot approvals approve o-000012`". Nil unless the
    /// outcome is `needs_approval`. Records that have no location say which file to look in.
    static func approvalHint(_ decision: DecisionRecord, checks: [PolicyCheck], approvals: [ApprovalEvent]) -> String? {
        guard decision.effectiveOutcome == .needsApproval else { return nil }
        let asking = checks.filter { $0.result == .fail && $0.outcome == .needsApproval }
        guard !asking.isEmpty else { return nil }
        let waiting = approvals.last.map { $0.action == .queued } ?? true
        return asking.map { check in
            let place = check.location ?? "in \(decision.policy.file); its line was not recorded"
            let isThreshold = check.kind == .limit && check.id == BuiltInLimit.approvalThreshold.rawValue
            let change = isThreshold ? "raise it" : "change its `when:`"
            let next: String
            if decision.mode == .backtest {
                next = "\(change), or run the backtest with --approve-all to see such orders executed"
            } else if waiting {
                next = "\(change) or approve with `algobot approvals approve \(decision.order.orderId)`"
            } else {
                next = "\(change) to let such orders through without a person"
            }
            if isThreshold, let limit = check.limit {
                return "\(check.id) is \(Money.text(limit, cents: false)) (\(place)): orders above it wait for a person; \(next)."
            }
            return "policy rule \(check.id) (\(place)) sends the orders it matches to a person; \(next)."
        }.joined(separator: " ")
    }
}
