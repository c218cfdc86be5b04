import Foundation
import Testing
@testable import Audit
import Vocabulary

@Suite struct ApprovalQueueTests {
    let decidedAt = "2024-04-02T14:05:00Z"
    /// 16:00 New York on 2024-04-02 (daylight time, UTC−4).
    let closeOfDay = "2024-04-02T20:00:00Z"

    private func blockRecheck(_ decision: DecisionRecord) -> RecheckResult {
        RecheckResult(outcome: .block, checks: Sample.limitChecks(positionAfter: 31_500, gross: 31_500, orderValue: 0, price: 405.02))
    }

    @Test func enqueueListsPendingWithTheDefaultDeadline() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        let queued = try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        #expect(queued.item.expiresAt == closeOfDay)
        #expect(queued.record == ApprovalRecord(orderId: "o-000003", decisionId: Sample.approvalDecision.id, action: .queued,
                                                note: "approve before \(closeOfDay)"))
        let listed = try queue.list(now: "2024-04-02T15:00:00Z")
        #expect(listed.map(\.id) == ["o-000003"])
        #expect(listed[0].state == .pending)
        #expect(!listed[0].isExpired)
        #expect(try queue.list(now: "2024-04-02T20:00:00Z")[0].isExpired, "marked expired from the deadline on")
        #expect(try queue.sendable(now: "2024-04-02T15:00:00Z").isEmpty, "pending is not sendable")
    }

    @Test func approveRechecksAndAuditsWhoWhenWhy() throws {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("audit.jsonl"), redactor: .none)
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"), auditLog: log)
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        var rechecked: [String] = []
        let approved = try queue.approve(id: "o-000003", by: "alice", note: "within the April plan", now: "2024-04-02T14:31:07Z") {
            rechecked.append($0.id)
            return Sample.allowRecheck
        }
        #expect(rechecked == [Sample.approvalDecision.id])
        #expect(approved.item.state == .approved)
        #expect(approved.record.action == .approved)
        #expect(approved.record.by == "alice")
        #expect(approved.record.note == "within the April plan")
        #expect(approved.record.recheckOutcome == .allow)
        #expect(approved.auditRecord?.wall == "2024-04-02T14:31:07Z")
        #expect(approved.summary == "o-000003 approved by alice; the policy re-check allows it, so it will be sent")

        #expect(try queue.sendable(now: "2024-04-02T14:31:08Z").map(\.id) == ["o-000003"])
        let claimed = try queue.claimForSending(id: "o-000003", now: "2024-04-02T14:31:08Z")
        #expect(claimed.state == .sent)
        #expect(try queue.sendable(now: "2024-04-02T14:31:09Z").isEmpty, "handed out once")
        #expect(throws: ApprovalError.notSendable(id: "o-000003", state: .sent)) {
            try queue.claimForSending(id: "o-000003", now: "2024-04-02T14:31:09Z")
        }

        try log.close()
        let audited = try AuditReader(path: dir.file("audit.jsonl")).readAll().map(\.body)
        #expect(audited == [.approval(queuedRecord()), .approval(approved.record)])
        #expect(try AuditVerifier.verify(path: dir.file("audit.jsonl")).ok)
    }

    private func queuedRecord() -> ApprovalRecord {
        ApprovalRecord(orderId: "o-000003", decisionId: Sample.approvalDecision.id, action: .queued,
                       note: "approve before \(closeOfDay)")
    }

    @Test func aBlockOnRecheckMeansNoStaleApproval() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        let result = try queue.approve(id: "o-000003", by: "alice", note: "ok", now: "2024-04-02T15:45:00Z", recheck: blockRecheck)
        #expect(result.item.state == .recheckBlocked)
        #expect(result.record.action == .recheckBlocked)
        #expect(result.record.recheckOutcome == .block)
        #expect(result.record.recheck?.first?.result == .fail)
        #expect(try queue.sendable(now: "2024-04-02T15:46:00Z").isEmpty)
        #expect(throws: ApprovalError.self) {
            try queue.approve(id: "o-000003", by: "bob", now: "2024-04-02T15:47:00Z") { _ in Sample.allowRecheck }
        }
    }

    @Test func needsApprovalOnRecheckIsNotAnApprovalEither() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        let result = try queue.approve(id: "o-000003", by: "alice", now: "2024-04-02T15:00:00Z") { _ in
            RecheckResult(outcome: .needsApproval, checks: [])
        }
        #expect(result.item.state == .recheckBlocked)
    }

    @Test func aFailingRecheckLeavesTheOrderWaiting() throws {
        struct BrokerDown: Error {}
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        #expect(throws: ApprovalError.self) {
            try queue.approve(id: "o-000003", by: "alice", now: "2024-04-02T15:00:00Z") { _ in throw BrokerDown() }
        }
        #expect(try queue.item(id: "o-000003", now: "2024-04-02T15:00:00Z").state == .pending)
    }

    @Test func rejectNeedsAReasonAndIsFinal() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        #expect(throws: ApprovalError.missingReason(id: "o-000003")) {
            try queue.reject(id: "o-000003", by: "bob", reason: "  ", now: "2024-04-02T15:00:00Z")
        }
        let rejected = try queue.reject(id: "o-000003", by: "bob", reason: "earnings tomorrow", now: "2024-04-02T15:00:00Z")
        #expect(rejected.item.state == .rejected)
        #expect(rejected.record == ApprovalRecord(orderId: "o-000003", decisionId: Sample.approvalDecision.id, action: .rejected,
                                                  by: "bob", note: "earnings tomorrow"))
        var rechecks = 0
        #expect(throws: ApprovalError.notPending(id: "o-000003", state: .rejected, by: "bob", at: "2024-04-02T15:00:00Z")) {
            try queue.approve(id: "o-000003", by: "alice", now: "2024-04-02T15:01:00Z") { _ in
                rechecks += 1
                return Sample.allowRecheck
            }
        }
        #expect(rechecks == 0)
        #expect(try queue.sendable(now: "2024-04-02T15:02:00Z").isEmpty)
        #expect(try queue.list(now: "2024-04-02T15:02:00Z").isEmpty)
        #expect(try queue.list(now: "2024-04-02T15:02:00Z", includeClosed: true).map(\.state) == [.rejected])
    }

    @Test func expiredOrdersCanNeverBeApprovedOrSent() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        // Approving after the close: recorded as expired, the policy is not even re-run.
        var rechecks = 0
        let late = try queue.approve(id: "o-000003", by: "alice", note: "sorry, late", now: "2024-04-02T20:00:00Z") { _ in
            rechecks += 1
            return Sample.allowRecheck
        }
        #expect(rechecks == 0)
        #expect(late.item.state == .expired)
        #expect(late.record.action == .expired)
        #expect(late.record.by == "alice")
        #expect(late.record.note == "approval by alice at 2024-04-02T20:00:00Z came after the deadline 2024-04-02T20:00:00Z")
        #expect(try queue.sendable(now: "2024-04-02T20:01:00Z").isEmpty)
        #expect(throws: ApprovalError.self) {
            try queue.approve(id: "o-000003", by: "alice", now: "2024-04-02T20:02:00Z") { _ in Sample.allowRecheck }
        }
        #expect(throws: ApprovalError.self) { try queue.claimForSending(id: "o-000003", now: "2024-04-02T20:03:00Z") }
    }

    @Test func expireSweepsPendingAndUnsentApprovals() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        var other = Sample.approvalDecision
        other.id = "paper-0402-SPY-2024-04-02T15:10:00Z-enter-long"
        other.order.orderId = "o-000004"
        try queue.enqueue(decision: other, decidedAt: "2024-04-02T15:10:00Z")
        _ = try queue.approve(id: "o-000004", by: "alice", now: "2024-04-02T15:20:00Z") { _ in Sample.allowRecheck }

        #expect(try queue.expire(now: "2024-04-02T19:59:59Z").isEmpty)
        let expired = try queue.expire(now: "2024-04-02T20:00:00Z")
        #expect(expired.map(\.item.id) == ["o-000003", "o-000004"])
        #expect(expired.map(\.record.note) == ["not approved before the deadline 2024-04-02T20:00:00Z",
                                               "approved but not sent before the deadline 2024-04-02T20:00:00Z"])
        #expect(try queue.sendable(now: "2024-04-02T20:00:00Z").isEmpty)
        #expect(try queue.list(now: "2024-04-02T20:00:00Z").isEmpty)
    }

    @Test func anApprovedOrderPastItsDeadlineIsNotSendable() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        _ = try queue.approve(id: "o-000003", by: "alice", now: "2024-04-02T19:00:00Z") { _ in Sample.allowRecheck }
        #expect(try queue.sendable(now: "2024-04-02T20:30:00Z").isEmpty)
        #expect(throws: ApprovalError.notSendable(id: "o-000003", state: .expired)) {
            try queue.claimForSending(id: "o-000003", now: "2024-04-02T20:30:00Z")
        }
        #expect(try queue.item(id: "o-000003", now: "2024-04-02T20:30:00Z").state == .expired)
    }

    @Test func theQueueSurvivesReopening() throws {
        let dir = TempDir()
        let path = dir.file("state/approvals.sqlite")
        do {
            let queue = try ApprovalQueue(path: path)
            try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        }
        let reopened = try ApprovalQueue(path: path)
        let items = try reopened.list(now: "2024-04-02T15:00:00Z")
        #expect(items.count == 1)
        #expect(items[0].decision == Sample.approvalDecision)
        #expect(items[0].expiresAt == closeOfDay)
        _ = try reopened.reject(id: "o-000003", by: "bob", reason: "no", now: "2024-04-02T15:00:00Z")
        #expect(try ApprovalQueue(path: path).item(id: "o-000003", now: "2024-04-02T15:00:00Z").state == .rejected)
    }

    @Test func refusalsAreClear() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        #expect(throws: ApprovalError.alreadyQueued(id: "o-000003")) {
            try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        }
        #expect(throws: ApprovalError.notNeedingApproval(id: Sample.allowedDecision.id, outcome: .allow)) {
            try queue.enqueue(decision: Sample.allowedDecision, decidedAt: "2024-03-08")
        }
        do {
            _ = try queue.reject(id: "o-00003", by: "bob", reason: "typo", now: "2024-04-02T15:00:00Z")
            Issue.record("expected an error")
        } catch let error as ApprovalError {
            #expect(error == .unknown(id: "o-00003", suggestions: ["o-000003"]))
            #expect(error.description == "there is no order 'o-00003' in the approval queue. Did you mean o-000003? "
                + "List waiting orders with `algobot approvals list`.")
        }
    }

    @Test func configurableExpiry() throws {
        let dir = TempDir()
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"), expiry: .after(seconds: 900))
        let queued = try queue.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt)
        #expect(queued.item.expiresAt == "2024-04-02T14:20:00Z")
        let explicit = try ApprovalQueue(path: dir.file("other.sqlite"))
        #expect(try explicit.enqueue(decision: Sample.approvalDecision, decidedAt: decidedAt,
                                     expiresAt: "2024-04-03T20:00:00Z").item.expiresAt == "2024-04-03T20:00:00Z")
    }
}
