import Audit
import Foundation
import Testing
@testable import Advisor
import Vocabulary

/// `advisor_note` records in the audit log: explain shows them under the decision, export
/// lists them, verify accepts them, and logs without them read exactly as before.
@Suite("Advisor notes in the audit and explain")
struct AdvisorExplainTests {
    private static let submitted = AuditBody.orderSubmitted(OrderSubmitted(
        orderId: Sample.allowed.order.orderId, clientOrderId: Sample.allowed.order.clientOrderId, decisionId: Sample.allowed.id,
        symbol: "SPY", side: .buy, qty: nil, notional: 10_000, broker: "backtest"))

    /// A backtest-shaped log: an allowed order with a template note, a blocked decision
    /// whose (chat) advisor timed out.
    private func writeLog(_ dir: TempDir, notes: Bool = true) throws -> String {
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, redactor: .none)
        let runner = AdvisorRunner(advisor: TemplateAdvisor(), sink: log)
        _ = try log.append(.decision(Sample.allowed), at: "2024-03-08")
        _ = try log.append(Self.submitted, at: "2024-03-08")
        if notes { runner.noteNow(for: Sample.allowed, at: "2024-03-08") }
        _ = try log.append(.fill(FillRecord(orderId: "o-000001", clientOrderId: Sample.allowed.order.clientOrderId, brokerOrderId: nil,
                                            symbol: "SPY", side: .buy, qty: 89.7, price: 111.5, commission: 0)), at: "2024-03-11")
        _ = try log.append(.decision(Sample.blocked), at: "2024-03-20")
        if notes {
            let down = AdvisorNote.unavailable("no answer within 5 s", advisor: "chat:gpt-4o-mini")
            _ = try log.append(.advisorNote(down.record(decisionId: Sample.blocked.id)), at: "2024-03-20")
        }
        try log.close()
        return path
    }

    @Test("explain --order shows the template note under the decision")
    func explainOrder() throws {
        let dir = TempDir()
        let explanation = try Explainer(logPath: try writeLog(dir)).explain(orderId: "o-000001")
        let expected = TemplateAdvisor().text(for: AdvisorInput(Sample.allowed))
        #expect(explanation.advisorNote == expected)
        #expect(explanation.advisor == AdvisorNoteRecord(decisionId: Sample.allowed.id, advisor: "template", status: "ok", text: expected))
        let text = ExplanationText.text(explanation)
        #expect(text == (try Paths.golden("explain-order-with-note.txt", text)))
        #expect(text.contains("\nAdvisor note by template (for information; it never changes the outcome)\n  \(expected)\n"))
        // The same through the client order id.
        #expect(try Explainer(logPath: dir.file("audit.jsonl")).explain(orderId: Sample.allowed.order.clientOrderId).advisor
            == explanation.advisor)
    }

    @Test("explain --decision says 'advisor unavailable' with the reason")
    func explainUnavailable() throws {
        let dir = TempDir()
        let explanation = try Explainer(logPath: try writeLog(dir)).explain(decisionId: Sample.blocked.id)
        #expect(explanation.advisorNote == "advisor unavailable: no answer within 5 s")
        #expect(explanation.advisor?.status == "unavailable")
        let text = ExplanationText.text(explanation)
        #expect(text.hasSuffix("\nAdvisor note by chat:gpt-4o-mini (for information; it never changes the outcome)\n"
            + "  advisor unavailable: no answer within 5 s\n"))
        let json = try ExplanationText.render(explanation, format: .json)
        #expect(json.contains(#""advisorNote" : "advisor unavailable: no answer within 5 s""#))
        #expect(json.contains(#""status" : "unavailable""#))
    }

    @Test("without notes, explain output is what it was: no advisor section, no advisor key in the JSON")
    func noNotes() throws {
        let dir = TempDir()
        let explanation = try Explainer(logPath: try writeLog(dir, notes: false)).explain(orderId: "o-000001")
        #expect(explanation.advisorNote == nil && explanation.advisor == nil)
        #expect(!ExplanationText.text(explanation).contains("Advisor"))
        let json = try ExplanationText.render(explanation, format: .json)
        #expect(!json.contains("advisor"))
    }

    @Test("advisor_note lines: their own type, sorted keys; verify, reindex and export accept them")
    func records() throws {
        let dir = TempDir()
        let path = try writeLog(dir)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let down = try #require(lines.last)
        #expect(down.contains(#""body":{"advisor":"chat:gpt-4o-mini","decisionId":"bt-QQQ-2024-03-20-enter-long","#
            + #""error":"no answer within 5 s","status":"unavailable","text":"","type":"advisor_note"}"#))
        let decoded = try JSONDecoder().decode(AuditRecord.self, from: Data(down.utf8))
        #expect(decoded.body == .advisorNote(AdvisorNoteRecord(decisionId: Sample.blocked.id, advisor: "chat:gpt-4o-mini",
                                                               status: "unavailable", text: "", error: "no answer within 5 s")))
        let verified = try AuditVerifier.verify(path: path)
        #expect(verified.ok && verified.recordCount == 6)
        let index = try AuditIndex.rebuild(logPath: path)
        #expect(try index.find(AuditQuery(decisionId: Sample.blocked.id)).map(\.record.body.type) == ["decision", "advisor_note"])

        var csv = MemorySink()
        try AuditExporter.export(logPath: path, format: .csv, into: &csv)
        let rows = csv.text.split(separator: "\r\n")
        #expect(rows.contains { $0.hasPrefix("3,2024-03-08,,advisor_note,,,,,\(Sample.allowed.id),,,,,,,ok,template,") })
        #expect(rows.contains { $0 == "6,2024-03-20,,advisor_note,,,,,\(Sample.blocked.id),,,,,,,unavailable,chat:gpt-4o-mini,"
            + "advisor unavailable: no answer within 5 s" })
    }
}
