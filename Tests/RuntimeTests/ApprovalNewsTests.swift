import Audit
import Foundation
import Testing
@testable import Runtime

/// Issue 18: an order that waited for approval and expired, or that a person rejected, used to
/// vanish silently; `status` kept saying it waited. The run now prints a line for each and the
/// status file counts them.
@Suite struct ApprovalNewsTests {
    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    }

    @Test func anExpiredAndARejectedApprovalEachPrintALineAndShowInTheStatus() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-approval.yaml") { h in
            let notices = Notices()
            try h.start { $0.notice = { notices.add($0) } }
            try await h.waitForLines(1)
            let queue = try ApprovalQueue(path: h.state.approvals, auditLog: try AuditLog(path: h.state.audit))
            var waiting: [ApprovalItem] = []
            while waiting.isEmpty {
                try await h.step()
                waiting = try queue.list(now: h.sim.state().time)
            }
            let expiring = waiting[0]
            // A daily decision may be approved until 16:00 New York on the next weekday: one bar later.
            for _ in 0..<2 { try await h.step() }
            #expect(try queue.item(id: expiring.id, now: h.sim.state().time).state == .expired)
            let expiredLines = notices.all.filter { $0.contains("approval \(expiring.id) ") }
            #expect(expiredLines.count == 1, "announced once: \(notices.all)")
            #expect(expiredLines.first?.hasSuffix("(buy \(expiring.symbol), buy-dip) expired at \(expiring.expiresAt): "
                + "nobody approved it before that deadline; it will not be sent") == true)

            // Rejected from another process (`algobot approvals reject`): the run sees it at its next look.
            let record = TestCores.decisionRecord(core: try h.core(), symbol: "AAA", qty: 3, price: 100, outcome: .needsApproval)
            let other = try queue.enqueue(decision: record, decidedAt: "2024-01-10", expiresAt: "2030-01-01T00:00:00Z").item
            try await h.step()
            _ = try queue.reject(id: other.id, by: "tester", reason: "earnings tomorrow", now: h.sim.state().time)
            try await h.step()
            let rejectedLines = notices.all.filter { $0.contains("approval \(other.id) ") }
            #expect(rejectedLines.count == 1)
            #expect(rejectedLines.first?.hasSuffix("(buy AAA, buy-dip) rejected by tester: \"earnings tomorrow\"; it will not be sent") == true)

            let status = try RunStatus.read(path: h.state.status)
            let counts = try queue.counts()
            #expect((counts[.expired] ?? 0) >= 1 && status.approvalsExpired == counts[.expired], "\(counts)")
            #expect(status.approvalsRejected == 1 && counts[.rejected] == 1)
            #expect(status.lastApprovalEvent == rejectedLines.first)
            #expect(status.pendingApprovals == (try queue.list(now: h.sim.state().time).count))
            _ = try await h.finish()
        }
    }

    /// A status file written before these keys existed still reads.
    @Test func aStatusFileWithoutTheApprovalCountsStillReads() throws {
        let dir = TempDir("old-status")
        defer { dir.remove() }
        let status = RunStatus(mode: .paper, broker: "sim", brokerURL: nil, strategy: "s.yaml", policy: "p.yaml", runId: "r", pid: 1,
                               running: false, lastBar: nil, marketTime: nil, barsProcessed: 0, equity: nil, cash: nil, positions: [],
                               openOrders: 0, submitting: false, pendingApprovals: 0, lastDecisionId: nil, lastDecision: nil,
                               brokerHealth: "healthy", brokerDetail: nil, halted: false, haltReason: nil, reconciliationOK: nil,
                               reconciliationMismatches: [], updatedAt: "2024-01-10T00:00:00Z", startedAt: "2024-01-10T00:00:00Z",
                               endStatus: "completed")
        let text = String(decoding: try status.jsonData(), as: UTF8.self)
        #expect(!text.contains("approvals_expired"), "nil keys are left out, as in files written before them")
        try text.write(toFile: dir.file("status.json"), atomically: true, encoding: .utf8)
        let read = try RunStatus.read(path: dir.file("status.json"))
        #expect(read.approvalsExpired == nil && read.lastApprovalEvent == nil)
    }
}
