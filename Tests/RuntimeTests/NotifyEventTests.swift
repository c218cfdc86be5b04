import Alpaca
import AlpacaSimulator
import Audit
import Foundation
import Notify
import Testing
@testable import Runtime
import Vocabulary

/// The run hands every event a person should hear about to `options.notify`, once per change.
@Suite struct NotifyEventTests {
    final class Inbox: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [NotifyMessage] = []
        func add(_ message: NotifyMessage) { lock.lock(); messages.append(message); lock.unlock() }
        var all: [NotifyMessage] { lock.lock(); defer { lock.unlock() }; return messages }
        var events: [NotifyEvent] { all.map(\.event) }
    }

    @Test func haltResumeAndADailySummaryForEachSession() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            let inbox = Inbox()
            try h.start { $0.notify = { inbox.add($0) } }
            try await h.waitForLines(1)
            let switchboard = KillSwitch(state: h.state)
            _ = try switchboard.halt(by: "tester", reason: "checking the halt")
            for _ in 0..<2 { try await h.step() }
            #expect(try switchboard.resume(by: "tester", reason: "done"))
            for _ in 0..<2 { try await h.step() }
            _ = try await h.finish()
            let events = inbox.events
            #expect(events.filter { $0 == .halted }.count == 1 && events.filter { $0 == .resumed }.count == 1, "\(events)")
            #expect(inbox.all.first { $0.event == .halted }?.text == "trading is halted by tester: checking the halt; "
                + "no new order is sent until `algobot resume`")
            #expect(events.filter { $0 == .dailySummary }.count == h.lines.count, "one summary per daily bar")
            let summary = try #require(inbox.all.first { $0.event == .dailySummary })
            #expect(summary.fields.map(\.name) == ["day", "pnl", "equity", "orders", "fills", "needs_approval", "blocked"])
            #expect(events.last == .runEnded)
            #expect(inbox.all.last?[field: "status"] == "interrupted")
        }
    }

    @Test func brokerDownAndRecoveredAreToldOnce() async throws {
        let burst = FaultPlan(seed: 1, rules: [FaultRule(kind: .serverError, status: 500, fromRequest: 40, toRequest: 60)])
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml",
                                    faults: burst) { h in
            let inbox = Inbox()
            try h.start { $0.notify = { inbox.add($0) } }
            try await h.waitForLines(1)
            for _ in 0..<15 { try await h.step() }
            _ = try await h.finish()
            let health = inbox.events.filter { $0 == .brokerDown || $0 == .brokerRecovered }
            let recorded = try h.records().compactMap(\.health).map(\.state)
            #expect(health.map { $0 == .brokerDown ? "down" : "healthy" } == recorded, "one message per broker_health record")
            #expect(health.first == .brokerDown)
        }
    }

    @Test func aReconciliationMismatchIsTold() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            let inbox = Inbox()
            try h.start { $0.notify = { inbox.add($0) } }
            try await h.waitForLines(1)
            _ = try await h.client.submitOrder(OrderRequest(symbol: "AAA", side: .buy, amount: .qty(DecimalString("7")!), clientOrderId: "by-hand-1"))
            for _ in 0..<4 { try await h.step() }
            _ = try await h.finish()
            let mismatch = try #require(inbox.all.first { $0.event == .reconciliationMismatch })
            #expect(mismatch.text.contains("AAA"))
            #expect(inbox.events.filter { $0 == .reconciliationMismatch }.count == 1)
        }
    }
}
