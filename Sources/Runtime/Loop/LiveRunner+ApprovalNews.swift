import Audit
import Foundation
import Notify

/// What the operator learns without asking: a line when an order that waited for approval
/// expires or is rejected (by `algobot approvals reject`, from another process), and the
/// queue's counts in `status.json`.
extension LiveRunner {
    /// Announces every order that left the open part of the queue since the last look as
    /// expired or rejected (each once), then remembers what is open now.
    func announceClosed(open: [ApprovalItem], expired: [ApprovalTransition], now: String) throws {
        let openIds = Set(open.map(\.id))
        var closed = expired.map(\.item)
        let seen = Set(closed.map(\.id))
        for id in openApprovalIds.subtracting(openIds).subtracting(seen).sorted() {
            closed.append(try queue.item(id: id, now: now))
        }
        for item in closed {
            guard let line = Self.closingLine(item) else { continue }
            let text = "\(now)  \(line)"
            lastApprovalEvent = text
            options.notice(text)
            switch item.state {
            case .expired: tell(.approvalExpired, line, [.init("order", item.id), .init("symbol", item.symbol)])
            case .rejected: tell(.approvalRejected, line, [.init("order", item.id), .init("symbol", item.symbol)])
            default: break
            }
            logger.notice("approval closed", metadata: ["order": "\(item.id)", "state": "\(item.state.rawValue)"])
        }
        openApprovalIds = openIds
        if !closed.isEmpty { approvalCounts = try queue.counts() }
    }

    /// `approval o-000012 (buy SPY, enter-long) expired at 2020-03-03T21:00:00Z: nobody approved it
    /// before that deadline; it will not be sent``;
    /// nil for a state nobody needs to be told about here (sent: the order's own lines say so).
    static func closingLine(_ item: ApprovalItem) -> String? {
        let order = "approval \(item.id) (\(item.decision.order.side) \(item.symbol), \(item.decision.rule.id))"
        let by = item.by.map { " by \($0)" } ?? ""
        switch item.state {
        case .expired:
            let what = item.by == nil ? "nobody approved it" : "it was approved\(by) but not sent"
            return "\(order) expired at \(item.expiresAt): \(what) before that deadline; it will not be sent"
        case .rejected:
            return "\(order) rejected\(by)" + (item.note.map { ": \"\($0)\"" } ?? "") + "; it will not be sent"
        case .recheckBlocked:
            return "\(order) approved\(by), but the policy re-check said \(item.recheckOutcome ?? .block); it will not be sent"
        case .pending, .approved, .sent:
            return nil
        }
    }
}
