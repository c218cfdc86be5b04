import Audit
import Foundation
import Testing
@testable import Runtime
import Vocabulary

@Suite struct StateFileTests {
    @Test func statusFileKeepsItsContractKeys() throws {
        let status = RunStatus(mode: .paper, broker: "sim", brokerURL: "http://127.0.0.1:1", strategy: "s.yaml", policy: "p.yaml",
                               runId: "r", pid: getpid(), running: true, lastBar: "2024-01-10", marketTime: nil, barsProcessed: 3,
                               equity: 1, cash: 2, positions: [.init(symbol: "AAA", qty: 3, marketValue: 30)], openOrders: 2, submitting: false,
                               pendingApprovals: 0, lastDecisionId: nil, lastDecision: nil, brokerHealth: "healthy", brokerDetail: nil,
                               halted: false, haltReason: nil, reconciliationOK: true, reconciliationMismatches: [],
                               updatedAt: "2024-01-10T21:00:00Z", startedAt: "2024-01-10T20:00:00Z", endStatus: nil)
        let dir = TempDir("status")
        defer { dir.remove() }
        try status.write(path: dir.file("status.json"))
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("status.json")))) as? [String: Any]
        for key in ["mode", "last_bar", "equity", "cash", "positions", "open_orders", "last_decision_id", "broker_health", "halted",
                    "reconciliation_ok", "updated_at", "submitting"] {
            #expect(object?[key] != nil || key == "last_decision_id", "status.json lacks \(key)")
        }
        #expect(object?["open_orders"] as? Int == 2)
        #expect(try RunStatus.read(path: dir.file("status.json")) == status)
        #expect(status.processAlive)
    }

    @Test func haltFileAndControlRecords() throws {
        let dir = TempDir("halt")
        defer { dir.remove() }
        let folder = StateFolder(dir.file("state"))
        let kill = KillSwitch(state: folder)
        #expect(kill.current() == nil)
        let halt = try kill.halt(by: "ops", reason: "broker maintenance")
        #expect(kill.current() == halt)
        #expect(try kill.resume(by: "ops", reason: nil))
        #expect(kill.current() == nil)
        #expect(try !kill.resume(by: "ops", reason: nil))
        // A HALT file nobody can read still halts.
        _ = FileManager.default.createFile(atPath: folder.halt, contents: Data("not json".utf8))
        #expect(kill.current()?.by == "unknown")
        let records = try AuditReader(path: folder.audit).readAll()
        let actions = records.compactMap { r -> String? in if case .control(let c) = r.body { return c.action } else { return nil } }
        #expect(actions == ["halt", "resume"])
        #expect(try AuditVerifier.verify(path: folder.audit).ok)
    }

    @Test func oneRunPerStateFolder() throws {
        let dir = TempDir("lock")
        defer { dir.remove() }
        let folder = StateFolder(dir.file("state"))
        try folder.create()
        let first = try RunLock(state: folder)
        #expect(throws: RuntimeError.self) { _ = try RunLock(state: folder) }
        first.release()
        let again = try RunLock(state: folder)
        again.release()
    }

    /// Two garbage lines at the end of the audit log, as in issue 12.
    private func damage(_ folder: StateFolder) throws -> Data {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.audit))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("garbage\nmore garbage\n".utf8))
        try handle.close()
        return try Data(contentsOf: URL(fileURLWithPath: folder.audit))
    }

    @Test func onADamagedAuditAHaltTakesEffectAndSaysItWasNotRecorded() throws {
        let dir = TempDir("halt-damaged")
        defer { dir.remove() }
        let folder = StateFolder(dir.file("state"))
        let kill = KillSwitch(state: folder)
        _ = try kill.halt(by: "ops", reason: "first")
        #expect(try kill.resume(by: "ops", reason: nil))
        let damaged = try damage(folder)
        do {
            _ = try kill.halt(by: "ops", reason: "test")
            Issue.record("the halt did not report the missing record")
        } catch let error as KillSwitchError {
            guard case .haltNotRecorded(let file, let cause) = error else { Issue.record("\(error)"); return }
            #expect(file == folder.halt)
            #expect(cause.contains("the audit log is damaged"))
            #expect(error.description.hasPrefix("trading IS halted: \(folder.halt) was written, so no new order will be sent. "
                + "But the audit record of the halt was NOT written"))
        }
        #expect(kill.current()?.reason == "test", "the halt is in force")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.audit)) == damaged, "nothing was written to the damaged log")
    }

    @Test func onADamagedAuditAResumeDoesNotTakeEffect() throws {
        let dir = TempDir("resume-damaged")
        defer { dir.remove() }
        let folder = StateFolder(dir.file("state"))
        let kill = KillSwitch(state: folder)
        _ = try kill.halt(by: "ops", reason: "maintenance")
        let damaged = try damage(folder)
        #expect(throws: KillSwitchError.self) { try kill.resume(by: "ops", reason: "done") }
        #expect(kill.current()?.reason == "maintenance", "still halted: trading never resumes without a record")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.audit)) == damaged)
        #expect(throws: KillSwitchError.self) { try kill.acceptBrokerState(by: "ops", reason: "by hand") }
        #expect(!FileManager.default.fileExists(atPath: folder.acceptBrokerState))
    }

    @Test func anythingAtTheHaltPathHalts() throws {
        let dir = TempDir("halt-link")
        defer { dir.remove() }
        let folder = StateFolder(dir.file("state"))
        try folder.create()
        // A link to nowhere is not "no file": when in doubt, do not trade.
        try FileManager.default.createSymbolicLink(atPath: folder.halt, withDestinationPath: dir.file("nowhere"))
        #expect(KillSwitch(state: folder).current()?.by == "unknown")
    }

    @Test func theStateFolderAndItsFilesArePrivate() throws {
        let dir = TempDir("private")
        defer { dir.remove() }
        let folder = StateFolder(dir.file("state"))
        _ = try KillSwitch(state: folder).halt(by: "ops", reason: "checking modes")
        let lock = try RunLock(state: folder)
        defer { lock.release() }
        func mode(_ path: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(folder.path) == 0o700)
        for file in [folder.halt, folder.audit, folder.audit + ".index.sqlite", folder.file("run.lock")] {
            #expect(try mode(file) == 0o600, "\(file)")
        }
    }

    @Test func theStatusFileCarriesTheAuditHead() throws {
        let dir = TempDir("status-head")
        defer { dir.remove() }
        var status = try JSONDecoder().decode(RunStatus.self, from: Data("""
            {"bars_processed": 1, "broker": "sim", "broker_health": "healthy", "halted": false, "mode": "paper", "open_orders": 0,
             "submitting": false, "pending_approvals": 0, "pid": 1, "policy": "p.yaml", "positions": [],
             "reconciliation_mismatches": [], "run_id": "r", "running": false, "started_at": "", "strategy": "s.yaml",
             "updated_at": ""}
            """.utf8))
        #expect(status.auditRecords == nil, "a file from an earlier version still reads")
        status.auditRecords = 146
        status.auditHead = String(repeating: "ab", count: 32)
        try status.write(path: dir.file("status.json"))
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("status.json")))) as? [String: Any]
        #expect(object?["audit_records"] as? Int == 146)
        #expect(object?["audit_head"] as? String == status.auditHead)
        #expect(try RunStatus.read(path: dir.file("status.json")) == status)
    }
}
