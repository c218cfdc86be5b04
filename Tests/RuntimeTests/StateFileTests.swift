import Audit
import Foundation
import Testing
@testable import Runtime

@Suite struct StateFileTests {
    @Test func statusFileKeepsItsContractKeys() throws {
        let status = RunStatus(mode: "paper", broker: "sim", brokerURL: "http://127.0.0.1:1", strategy: "s.yaml", policy: "p.yaml",
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
        FileManager.default.createFile(atPath: folder.halt, contents: Data("not json".utf8))
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
}
