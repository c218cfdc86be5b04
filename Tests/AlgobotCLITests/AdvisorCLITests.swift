import Foundation
import Testing

/// `algobot backtest --advisor template --audit FILE`, then `explain` shows the note.
@Suite struct AdvisorCLITests {
    @Test func templateNotesReachExplain() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        let audit = dir.appendingPathComponent("audit.jsonl").path
        let json = dir.appendingPathComponent("report.json").path
        let run = try await AlgobotBinary.run(["backtest", "--advisor", "template", "--audit", audit, "--json", json])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let order = try #require((report["orders"] as? [[String: Any]])?.first)
        let explain = try await AlgobotBinary.run(["explain", "--order", order["order_id"] as! String, "--audit", audit])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("Advisor note by template (for information; it never changes the outcome)"))
        #expect(try await AlgobotBinary.run(["audit", "verify", audit]).status == 0)
    }

    @Test func advisorUsageErrors() async throws {
        let noAudit = try await AlgobotBinary.run(["backtest", "--advisor", "template"])
        #expect(noAudit.status == 2)
        #expect(noAudit.stderr.contains("--audit"))
        let chat = try await AlgobotBinary.run(["backtest", "--advisor", "chat", "--audit", "/tmp/never-written.jsonl"])
        #expect(chat.status == 2)
        #expect(chat.stderr.contains("backtests use --advisor template"))
        let unknown = try await AlgobotBinary.run(["backtest", "--advisor", "gpt"])
        #expect(unknown.status == 2)
    }
}
