import ArgumentParser
import Audit
import Foundation
import Runtime
import Testing
@testable import AlgobotCLI
import Vocabulary

/// The operator commands around a run, in process, on a temporary state folder.
@Suite struct RuntimeCommandTests {
    @Test func haltResumeAndStatus() throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = dir.file("state")
        try HaltCommand.parse(["--reason", "maintenance", "--by", "ops", "--state", state]).run()
        #expect(FileManager.default.fileExists(atPath: state + "/HALT"))
        #expect(KillSwitch(state: StateFolder(state)).current()?.reason == "maintenance")
        try ResumeCommand.parse(["--state", state]).run()
        #expect(!FileManager.default.fileExists(atPath: state + "/HALT"))
        let records = try AuditReader(path: state + "/audit.jsonl").readAll()
        #expect(records.count == 2)
        #expect(try AuditVerifier.verify(path: state + "/audit.jsonl").ok)

        #expect(throws: ExitCode.self) { try StatusCommand.parse(["--state", dir.file("nowhere")]).run() }
        let json = """
            {"bars_processed": 1, "broker": "sim", "broker_health": "healthy", "cash": 10000, "equity": 10000, "halted": false,
             "last_bar": "2024-01-10", "mode": "paper", "open_orders": 0, "submitting": false, "pending_approvals": 0, "pid": 999999, "policy": "p.yaml",
             "positions": [], "reconciliation_mismatches": ["AAA: the broker holds 7 shares, the audit log says 0"],
             "reconciliation_ok": false, "run_id": "r", "running": true, "started_at": "2024-01-10T20:00:00Z", "strategy": "s.yaml",
             "updated_at": "2024-01-10T21:00:00Z"}
            """
        let status = try JSONDecoder().decode(RunStatus.self, from: Data(json.utf8))
        let text = StatusCommand.render(status)
        #expect(text.contains("NOT RUNNING"))
        #expect(text.contains("MISMATCH"))
        #expect(text.contains("$10,000.00"))
        let now = try #require(ISO8601DateFormatter().date(from: "2024-01-10T21:01:00Z"))
        #expect(StatusCommand.problems(status, now: now, maxAge: 300) == ["process 999999 is gone", "reconciliation mismatch"])
        #expect(StatusCommand.problems(status, now: now.addingTimeInterval(600), maxAge: 300).contains("no status update for 660 s"))
        try status.write(path: state + "/status.json")
        #expect(throws: ExitCode.self) { try StatusCommand.parse(["--state", state, "--check"]).run() }
        try StatusCommand.parse(["--state", state, "--json"]).run()
        try ReconcileCommand.parse(["--state", state]).run()
        try ReconcileCommand.parse(["--state", state, "--accept", "--reason", "traded by hand"]).run()
        #expect(FileManager.default.fileExists(atPath: state + "/ACCEPT_BROKER_STATE"))
        #expect(throws: (any Error).self) { _ = try ReconcileCommand.parse(["--state", state, "--accept"]) }
    }

    @Test func approvalsListAndReject() throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let folder = StateFolder(dir.file("state"))
        try folder.create()
        let queue = try ApprovalQueue(path: folder.approvals, auditLog: try AuditLog(path: folder.audit))
        let record = DecisionRecord(
            id: "s:AAA:2024-01-10:buy-dip", mode: .paper, strategy: FileRef(name: "s", file: "s.yaml", sha256: ""),
            policy: FileRef(name: "p", file: "p.yaml", sha256: ""), symbol: "AAA",
            rule: FiredRule(id: "buy-dip", location: "s.yaml:5:11", expression: "close < sma(close, 3)", values: []),
            order: DecidedOrder(orderId: "o-1234", clientOrderId: "algobot-1234", side: .buy, action: .buy, qty: 10, notional: nil, price: 100),
            checks: [], outcome: .needsApproval, reason: "needs approval because of approval_threshold")
        _ = try queue.enqueue(decision: record, decidedAt: "2024-01-10", expiresAt: "2024-01-11T21:00:00Z")
        try ApprovalsListCommand.parse(["--state", folder.path]).run()
        #expect(throws: (any Error).self) { _ = try ApprovalsRejectCommand.parse(["o-1234", "--state", folder.path]) }
        try ApprovalsRejectCommand.parse(["o-1234", "--reason", "earnings tomorrow", "--by", "ops", "--state", folder.path]).run()
        #expect(try queue.item(id: "o-1234", now: "2024-01-10T22:00:00Z").state == .rejected)
        #expect(throws: ExitCode.self) {
            try ApprovalsRejectCommand.parse(["o-1234", "--reason", "again", "--state", folder.path]).run()
        }
    }

    @Test func runOptionsAreChecked() {
        #expect(throws: (any Error).self) { _ = try RunCommand.parse(["--replay", "data/daily", "--broker", "alpaca"]) }
        #expect(throws: (any Error).self) { _ = try RunCommand.parse(["--speed", "0"]) }
        #expect(throws: (any Error).self) { _ = try RunCommand.parse(["--max-bars", "0"]) }
        #expect(throws: (any Error).self) { _ = try SimCommand.parse(["--port", "70000"]) }
        #expect(throws: (any Error).self) { _ = try DataFetchCommand.parse(["--symbols", "SPY", "--from", "2020-13-01"]) }
        #expect(throws: (any Error).self) { _ = try DataFetchCommand.parse(["--symbols", "SPY", "--from", "2020-01-01", "--timeframe", "2Day"]) }
        let run = try? RunCommand.parse(["--dry-run", "--max-bars", "3", "--log-format", "json", "--log-level", "debug"])
        #expect(run?.dryRun == true)
        #expect(run?.logs.logFormat == .json)
    }
}

struct CLITempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "algobot-cli-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
