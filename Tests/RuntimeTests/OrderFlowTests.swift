import Alpaca
import Audit
import Foundation
import Testing
@testable import Runtime
import Vocabulary

/// Orders: recorded and flushed before they leave, followed to their fills, and never sent
/// twice, even when the bot dies in the middle of sending one.
@Suite struct OrderFlowTests {
    @Test func orderSubmittedIsOnDiskBeforeTheRequestLeaves() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            let spy = AuditCheckingBroker(inner: h.broker, auditPath: h.state.audit, statusPath: h.state.status)
            try h.start(broker: spy)
            try await h.waitForLines(1)
            for _ in 0..<12 { try await h.step() }
            _ = try await h.finish()
            let sent = spy.log.all
            #expect(sent.count >= 3)
            #expect(sent.allSatisfy { $0.recordedBefore })
            #expect(sent.allSatisfy { $0.statusSaidSubmitting }, "scripts/update.sh must see the order in flight")
            #expect(try RunStatus.read(path: h.state.status).submitting == false)
            // Every order the broker got has its decision and its order_submitted record.
            let records = try h.records()
            let decisions = Set(records.compactMap(\.decision).filter { $0.effectiveOutcome == .allow }.map(\.order.clientOrderId))
            for order in h.sim.state().orders {
                #expect(decisions.contains(order.clientOrderID))
            }
            #expect(records.compactMap(\.fill).count >= 2)
        }
    }

    @Test func restartAfterAnOrderLandedButItsAnswerWasLostDoesNotResend() async throws {
        try await recoverAfterCrash(sent: true)
    }

    @Test func restartAfterAnOrderThatNeverLandedMarksItFailed() async throws {
        try await recoverAfterCrash(sent: false)
    }

    private func recoverAfterCrash(sent: Bool) async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            try h.start(broker: CrashingBroker(inner: h.broker, sendBeforeFailing: sent, stop: h.stop))
            try await h.waitForLines(1)
            while try h.records().compactMap(\.submitted).isEmpty { try await h.step() }
            _ = try await h.finish()
            let first = try #require(try h.records().compactMap(\.submitted).first)
            #expect(try h.records().compactMap(\.update).last?.status == "submit_unknown")
            #expect(h.sim.state().orders.count == (sent ? 1 : 0))

            let printed = h.lines.count
            try h.start()
            try await h.waitForLines(printed + 1)
            for _ in 0..<3 { try await h.step() }
            _ = try await h.finish()

            let records = try h.records()
            let updates = records.compactMap(\.update).filter { $0.clientOrderId == first.clientOrderId }.map(\.status)
            let atBroker = h.sim.state().orders.filter { $0.clientOrderID == first.clientOrderId }
            #expect(atBroker.count == (sent ? 1 : 0), "never sent twice")
            #expect(records.compactMap(\.submitted).filter { $0.clientOrderId == first.clientOrderId }.count == 1)
            if sent {
                #expect(updates.contains("filled"))
                #expect(records.compactMap(\.fill).contains { $0.clientOrderId == first.clientOrderId })
            } else {
                #expect(updates.last == "submit_failed")
            }
            #expect(records.compactMap(\.reconciliation).allSatisfy { $0.ok })
            #expect(try AuditLedger.load(path: h.state.audit).expectedPositions == h.brokerHoldings)
            #expect(try AuditVerifier.verify(path: h.state.audit).ok)
        }
    }
}
