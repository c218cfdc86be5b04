import Alpaca
import AlpacaSimulator
import Audit
import Foundation
import Testing
@testable import Runtime
import Vocabulary

/// Failing closed: the kill switch, broker outages and reconciliation mismatches each stop new
/// orders, and each lifts by itself (or by the operator's word) when the cause is gone.
@Suite struct SafetyTests {
    @Test func haltBlocksEveryOrderUntilResume() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            let switchboard = KillSwitch(state: h.state)
            _ = try switchboard.halt(by: "tester", reason: "checking the halt")
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<8 { try await h.step() }
            #expect(h.sim.state().orders.isEmpty, "nothing may be sent while halted")
            let halted = try h.records().compactMap(\.decision)
            #expect(!halted.isEmpty)
            #expect(halted.allSatisfy { $0.effectiveOutcome == .block && $0.effectiveChecks.contains { $0.id == "trading_halted" && $0.kind == .runtime } })
            #expect(h.lines.allSatisfy { $0.contains("HALTED by tester") })
            #expect(try RunStatus.read(path: h.state.status).halted)

            #expect(try switchboard.resume(by: "tester", reason: "done"))
            for _ in 0..<10 { try await h.step() }
            _ = try await h.finish()
            #expect(!h.sim.state().orders.isEmpty, "orders flow again after resume")
            let controls = try h.records().compactMap { record -> String? in
                if case .control(let c) = record.body { return c.action } else { return nil }
            }
            #expect(controls == ["halt", "resume"])
            #expect(try !RunStatus.read(path: h.state.status).halted)
        }
    }

    /// A gate is a step of its own after the policy: the record keeps the policy's outcome
    /// and reason, lists the gate in `gates` (not among the policy's checks), carries what the
    /// policy judged in `input`, and reads as blocked.
    @Test func aHaltedDecisionKeepsThePolicysOutcomeAndRecordsTheGate() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            _ = try KillSwitch(state: h.state).halt(by: "tester", reason: "checking the gates")
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<8 { try await h.step() }
            _ = try await h.finish()
            let decisions = try h.records().compactMap(\.decision)
            #expect(!decisions.isEmpty)
            for decision in decisions {
                #expect(decision.gates?.map(\.id) == [.tradingHalted])
                #expect(!decision.checks.contains { $0.kind == .runtime }, "the policy's checks are the policy's")
                #expect(decision.effectiveOutcome == .block)
                #expect(decision.effectiveReason.hasPrefix("blocked by trading_halted: trading is halted by tester"))
                #expect(decision.reason.hasPrefix("blocked by trading_halted") == false, "the policy's reason is not overwritten")
                let input = try #require(decision.input)
                #expect(input.intent.symbol == decision.symbol && input.intent.ruleId == decision.rule.id)
                #expect(input.intent.side == decision.order.side && input.intent.price == decision.order.price)
            }
            #expect(decisions.contains { $0.outcome == .allow }, "the policy allowed some of what the halt stopped")
        }
    }

    @Test func theStatusFileAnchorsTheAuditHead() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<3 { try await h.step() }
            let running = try RunStatus.read(path: h.state.status)
            let records = try h.records()
            let index = try #require(running.auditRecords)
            #expect(index >= 1 && index <= records.count)
            _ = try await h.finish()
            let status = try RunStatus.read(path: h.state.status)
            let head = try #require(try AuditVerifier.verify(path: h.state.audit).head)
            #expect(status.auditRecords == head.seq, "the last status write follows run_end")
            #expect(status.auditHead == head.hash)
            #expect(try AuditVerifier.verify(path: h.state.audit, expectHead: try #require(HeadExpectation(
                "\(index):\(try #require(running.auditHead))"))).ok, "a head taken while running stays valid")
        }
    }

    @Test func brokerOutageFailsClosedAndRecovers() async throws {
        let burst = FaultPlan(seed: 1, rules: [FaultRule(kind: .serverError, status: 500, fromRequest: 40, toRequest: 60)])
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml",
                                    faults: burst) { h in
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<15 { try await h.step() }
            _ = try await h.finish()
            let records = try h.records()
            let health = records.compactMap(\.health).map(\.state)
            #expect(health.first == "down")
            #expect(health.last == "healthy")
            // No order leaves while the broker is down, and trading resumes only after a reconciliation.
            var down = false
            var reconciledSinceRecovery = true
            for record in records {
                if let h = record.health {
                    down = h.state == "down"
                    if !down { reconciledSinceRecovery = false }
                }
                if record.reconciliation != nil { reconciledSinceRecovery = true }
                if record.submitted != nil {
                    #expect(!down)
                    #expect(reconciledSinceRecovery)
                }
            }
            #expect(records.contains { $0.reconciliation?.note?.contains("came back") == true })
            #expect(!h.sim.state().orders.isEmpty)
            #expect(try AuditLedger.load(path: h.state.audit).expectedPositions == h.brokerHoldings)
        }
    }

    @Test func reconciliationMismatchBlocksUntilAccepted() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<3 { try await h.step() }
            // Someone trades by hand on the same account.
            _ = try await h.client.submitOrder(OrderRequest(symbol: "AAA", side: .buy, amount: .qty(DecimalString("7")!), clientOrderId: "by-hand-1"))
            for _ in 0..<6 { try await h.step() }
            let status = try RunStatus.read(path: h.state.status)
            #expect(status.reconciliationOK == false)
            #expect(status.reconciliationMismatches.contains { $0.contains("AAA") })
            #expect(h.lines.last?.contains("RECONCILIATION MISMATCH") == true)
            let ordersWhileMismatched = h.sim.state().orders.count

            try KillSwitch(state: h.state).acceptBrokerState(by: "tester", reason: "bought 7 AAA by hand on purpose")
            for _ in 0..<10 { try await h.step() }
            _ = try await h.finish()

            let records = try h.records()
            let reconciliations = records.compactMap(\.reconciliation)
            #expect(reconciliations.first?.note?.contains("starting point") == true)
            #expect(reconciliations.contains { !$0.ok && $0.mismatches.contains { $0.contains("not in the audit log") || $0.contains("AAA") } })
            #expect(reconciliations.last?.ok == true)
            #expect(reconciliations.last?.note?.contains("bought 7 AAA by hand") == true)
            // While mismatched, decisions were recorded but nothing was sent.
            var mismatched = false
            for record in records {
                if let r = record.reconciliation { mismatched = !r.ok }
                if record.submitted != nil { #expect(!mismatched) }
                if let d = record.decision, mismatched { #expect(d.effectiveChecks.contains { $0.id == "reconciliation_mismatch" }) }
            }
            #expect(h.sim.state().orders.count > ordersWhileMismatched, "orders flow again once accepted")
            #expect(!FileManager.default.fileExists(atPath: h.state.acceptBrokerState))
            #expect(try AuditLedger.load(path: h.state.audit).expectedPositions == h.brokerHoldings)
        }
    }
}
