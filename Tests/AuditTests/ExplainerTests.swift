import Foundation
import Testing
@testable import Audit
import Vocabulary

@Suite struct ExplainerTests {
    private func makeExplainer(in dir: TempDir) throws -> Explainer {
        try Sample.makeLog(at: dir.file("audit.jsonl"))
        return try Explainer(logPath: dir.file("audit.jsonl"))
    }

    @Test func allowedOrderMatchesGoldenText() throws {
        let dir = TempDir()
        let explainer = try makeExplainer(in: dir)
        let text = try ExplanationText.render(explainer.explain(orderId: "o-000001"), format: .text)
        let golden = try Fixtures.golden("explain-allowed-order.txt", text)
        #expect(golden.actual == golden.expected)
    }

    @Test func blockedDecisionMatchesGoldenTextWithTheBlockingCheckFirst() throws {
        let dir = TempDir()
        let explainer = try makeExplainer(in: dir)
        let explanation = try explainer.explain(decisionId: "bt-0301-QQQ-2024-03-20-enter-long")
        #expect(explanation.checks.first?.id == "max_position_per_symbol")
        #expect(explanation.checks.first?.decisive == true)
        #expect(explanation.checks.map(\.result).prefix(3) == [.fail, .fail, .fail])
        let text = try ExplanationText.render(explanation, format: .text)
        let golden = try Fixtures.golden("explain-blocked-decision.txt", text)
        #expect(golden.actual == golden.expected)
    }

    @Test func approvedOrderMatchesGoldenTextByClientOrderId() throws {
        let dir = TempDir()
        let explainer = try makeExplainer(in: dir)
        let explanation = try explainer.explain(orderId: "sma-crossover-SPY-20240402-enter-long")
        #expect(explanation.approvals.map(\.action) == [.queued, .approved])
        let text = try ExplanationText.render(explanation, format: .text)
        let golden = try Fixtures.golden("explain-approved-order.txt", text)
        #expect(golden.actual == golden.expected)
    }

    @Test func theSameOrderThroughAnyOfItsIds() throws {
        let dir = TempDir()
        let explainer = try makeExplainer(in: dir)
        let ours = try explainer.explain(orderId: "o-000003")
        #expect(try explainer.explain(orderId: "61e69015-8549-4bfd-b9c3-01e75de3d4ab") == ours)
        var asDecision = try explainer.explain(decisionId: Sample.approvalDecision.id)
        #expect(asDecision.subject == "decision")
        asDecision.subject = "order"
        asDecision.headline = ours.headline
        #expect(asDecision == ours)
    }

    @Test func jsonCarriesTheNumbersAndTheWords() throws {
        let dir = TempDir()
        let explainer = try makeExplainer(in: dir)
        let json = try ExplanationText.render(explainer.explain(orderId: "o-000001"), format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "allow")
        #expect(object["orderId"] as? String == "o-000001")
        let rule = try #require(object["rule"] as? [String: Any])
        #expect(rule["location"] as? String == "strategies/sma.yaml:10:11")
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.first?["text"] as? String == "position after order $9,629.52 ≤ limit $25,000.00 — pass")
        #expect(json == (try ExplanationText.render(explainer.explain(orderId: "o-000001"), format: .json)), "deterministic")
    }

    @Test func unknownOrderIdSuggestsTheNearestIds() throws {
        let dir = TempDir()
        let explainer = try makeExplainer(in: dir)
        #expect {
            try explainer.explain(orderId: "o-00001")
        } throws: { error in
            guard let error = error as? ExplainError else { return false }
            return error.suggestions == ["o-000001", "o-000002", "o-000003"]
                && error.description.hasPrefix("no order 'o-00001' in \(dir.file("audit.jsonl"))")
                && error.description.contains("Did you mean: o-000001, o-000002, o-000003?")
                && error.description.contains("algobot audit export --format csv")
        }
        #expect {
            try explainer.explain(orderId: "sma-crossover-SPY-20240308-enter-lung")
        } throws: { error in
            (error as? ExplainError)?.suggestions.first == "sma-crossover-SPY-20240308-enter-long"
        }
    }

    @Test func unknownDecisionIdSuggestsByPrefix() throws {
        let dir = TempDir()
        let explainer = try makeExplainer(in: dir)
        #expect {
            try explainer.explain(decisionId: "bt-0301-QQQ")
        } throws: { error in
            (error as? ExplainError)?.suggestions == ["bt-0301-QQQ-2024-03-20-enter-long"]
        }
        #expect {
            try explainer.explain(decisionId: "completely-different")
        } throws: { error in
            guard let error = error as? ExplainError else { return false }
            return error.suggestions.isEmpty && !error.description.contains("Did you mean")
        }
    }

    @Test func aRejectedApprovalIsExplainedFromTheQueuesOwnRecords() throws {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("audit.jsonl"), redactor: .none)
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"), auditLog: log)
        let at = "2024-04-02T14:05:00Z"
        _ = try log.append(.decision(Sample.approvalDecision), at: at, wall: "2024-04-02T14:05:01Z")
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: at)
        _ = try queue.reject(id: "o-000003", by: "bob", reason: "earnings tomorrow", now: "2024-04-02T15:12:30Z")
        try log.close()

        let explanation = try Explainer(logPath: dir.file("audit.jsonl")).explain(orderId: "o-000003")
        #expect(explanation.headline == "Order o-000003: buy 30 SPY on 2024-04-02T14:05:00Z — rejected by bob, no order was sent")
        let text = ExplanationText.text(explanation)
        #expect(text.contains("  2024-04-02T15:12:30Z  rejected by bob — reason: \"earnings tomorrow\"\n"))
        #expect(text.contains("Nothing was sent to the broker: the order was rejected by bob."))
    }

    @Test func aRecheckBlockedApprovalSaysWhy() throws {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("audit.jsonl"), redactor: .none)
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"), auditLog: log)
        let at = "2024-04-02T14:05:00Z"
        _ = try log.append(.decision(Sample.approvalDecision), at: at)
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: at)
        _ = try queue.approve(id: "o-000003", by: "alice", note: "go", now: "2024-04-02T15:30:00Z") { _ in
            RecheckResult(outcome: .block, checks: Sample.limitChecks(positionAfter: 31_500, gross: 31_500, orderValue: 0, price: 405))
        }
        try log.close()
        let text = ExplanationText.text(try Explainer(logPath: dir.file("audit.jsonl")).explain(decisionId: Sample.approvalDecision.id))
        #expect(text.hasPrefix("Decision \(Sample.approvalDecision.id): buy 30 SPY on \(at) — approved by alice but blocked by the re-check"))
        #expect(text.contains("approved by alice — \"go\", but the policy checked again at approval said block: "
            + "position after order $31,500.00 > limit $25,000.00; not sent"))
    }

    /// Issue 18: an expired order read "the order was approval expired".
    @Test func anExpiredApprovalReadsAsASentence() throws {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("audit.jsonl"), redactor: .none)
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"), auditLog: log)
        let at = "2024-04-02T14:05:00Z"
        _ = try log.append(.decision(Sample.approvalDecision), at: at)
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: at, expiresAt: "2024-04-02T20:00:00Z")
        #expect(try queue.expire(now: "2024-04-02T20:00:00Z").count == 1)
        try log.close()
        let explanation = try Explainer(logPath: dir.file("audit.jsonl")).explain(orderId: "o-000003")
        #expect(explanation.brokerSummary == "Nothing was sent to the broker: nobody approved the order before its approval expired.")
        #expect(explanation.headline.hasSuffix("— approval expired, no order was sent"))
    }

    @Test func anApprovedOrderThatExpiredUnsentSaysItWasApproved() throws {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("audit.jsonl"), redactor: .none)
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"), auditLog: log)
        let at = "2024-04-02T14:05:00Z"
        _ = try log.append(.decision(Sample.approvalDecision), at: at)
        try queue.enqueue(decision: Sample.approvalDecision, decidedAt: at, expiresAt: "2024-04-02T20:00:00Z")
        _ = try queue.approve(id: "o-000003", by: "alice", now: "2024-04-02T15:00:00Z") { _ in RecheckResult(outcome: .allow, checks: []) }
        #expect(try queue.expire(now: "2024-04-02T20:00:00Z").count == 1)
        try log.close()
        let text = ExplanationText.text(try Explainer(logPath: dir.file("audit.jsonl")).explain(orderId: "o-000003"))
        #expect(text.contains("Nothing was sent to the broker: the order was approved, but its approval expired before it could be sent."))
        #expect(!text.contains("was approval expired"))
    }
}
