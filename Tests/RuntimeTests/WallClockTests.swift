import Alpaca
import Audit
import Foundation
import Testing
@testable import Runtime
import Vocabulary

/// The injected wall clock is the run's only source of "now": every wall time the run
/// records is the clock's, and the reconciliation that is due by time follows it.
@Suite struct WallClockTests {
    /// A wall clock the test sets; it never reads the machine's time.
    final class SetClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current: Date

        init(_ date: Date) {
            current = date
        }

        var now: Date { lock.withLock { current } }
        func advance(seconds: Double) { lock.withLock { current.addTimeInterval(seconds) } }
        var wall: WallClock { WallClock { [self] in now } }
    }

    /// 2031-01-01T00:00:00Z: years away from both the machine's time and the simulated market's.
    static let fixed = Date(timeIntervalSince1970: 1_924_992_000)
    static let fixedText = "2031-01-01T00:00:00Z"

    @Test func everyWallTimeTheRunRecordsIsTheInjectedClocks() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            try h.start { $0.wallClock = .fixed(Self.fixed) }
            try await h.waitForLines(1)
            for _ in 0..<10 { try await h.step() }
            let running = try RunStatus.read(path: h.state.status)
            _ = try await h.finish()
            let ended = try RunStatus.read(path: h.state.status)
            let records = try h.records()
            let types = Set(records.map(\.body.type))
            #expect(types.isSuperset(of: ["run_start", "reconciliation", "decision", "order_submitted", "fill", "run_end"]),
                    "the run went through every component that writes: \(types.sorted())")
            for record in records {
                #expect(record.wall == Self.fixedText, "record \(record.seq) (\(record.body.type)) has wall \(record.wall ?? "none")")
            }
            // The market time is the broker's, never the wall clock's (only run_start is stamped at the wall time).
            let start = try #require(records.first)
            #expect(start.body.type == "run_start" && start.at == Self.fixedText)
            #expect(records.dropFirst().allSatisfy { !$0.at.hasPrefix("2031") })
            #expect(running.startedAt == Self.fixedText && running.updatedAt == Self.fixedText)
            #expect(ended.startedAt == Self.fixedText && ended.updatedAt == Self.fixedText)
            #expect(ended.runId.hasSuffix(":" + Self.fixedText))
        }
    }

    /// With bar-count reconciliation out of the way, a trade made by hand is found only when
    /// the injected clock says `reconcileEverySeconds` have passed, however much real time passes.
    @Test func theReconciliationDueByTimeFollowsTheInjectedClock() async throws {
        let clock = SetClock(Self.fixed)
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            try h.start {
                $0.wallClock = clock.wall
                $0.reconcileEveryBars = 1_000
                $0.reconcileEverySeconds = 300
            }
            try await h.waitForLines(1)
            try await h.step()
            _ = try await h.client.submitOrder(OrderRequest(symbol: "AAA", side: .buy, amount: .qty(DecimalString("7")!),
                                                            clientOrderId: "by-hand-1"))
            for _ in 0..<3 { try await h.step() }
            #expect(try RunStatus.read(path: h.state.status).reconciliationOK == true, "the clock stood still: no check was due")
            #expect(try h.records().compactMap(\.reconciliation).allSatisfy(\.ok))

            clock.advance(seconds: 301)
            for _ in 0..<2 { try await h.step() }
            _ = try await h.finish()
            let reconciliations = try h.records().compactMap(\.reconciliation)
            #expect(reconciliations.contains { !$0.ok && $0.mismatches.contains { $0.contains("AAA") } },
                    "301 s on the injected clock made a check due: \(reconciliations.map(\.mismatches))")
            #expect(try RunStatus.read(path: h.state.status).reconciliationOK == false)
        }
    }
}
