import Audit
import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage
import Testing
@testable import Runtime
import Vocabulary

/// Paper trading on the simulator makes the same decisions, with the same ids, outcomes and
/// fills, as a backtest over the same bars: decide at the close, fill at the next open.
@Suite struct LiveParityTests {
    @Test func liveRunMatchesBacktest() async throws {
        let series = SyntheticBars.pair(days: 40)
        try await RunnerHarness.run(series: series, strategy: "dip-shares.yaml", policy: "limits-tight.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            let summary = try await harness.finish()
            #expect(summary.status == "interrupted")
            #expect(summary.bars == 26)

            let live = try harness.records()
            let liveDecisions = live.compactMap(\.decision)
            let liveFills = live.compactMap(\.fill)

            // The same bars through the backtester: warm-up on the ten history bars, trading
            // from bar 10 to the last bar the live run saw.
            let core = try harness.core()
            let memory = MemoryAuditLog()
            let records = DecisionRecords(
                mode: .paper, strategy: FileRef(name: core.strategy.source.name, file: harness.strategyPath, sha256: ""),
                policy: FileRef(name: core.policy.source.name, file: harness.policyPath, sha256: ""))
            let settings = ExecutionSettings(startingCash: 20_000)
            _ = try Backtester(core: core, series: series, options: .init(settings: settings, from: series[0].times[10],
                                                                         to: series[0].times[35]),
                               audit: memory, records: records).run()
            let backDecisions = memory.records.compactMap(\.decision)
            let backFills = memory.records.compactMap(\.fill)

            #expect(liveDecisions.count >= 10, "the strategy should trade often")
            #expect(liveDecisions.map(\.id) == backDecisions.map(\.id))
            #expect(liveDecisions.map(\.effectiveOutcome) == backDecisions.map(\.outcome))
            #expect(liveDecisions.contains { $0.effectiveOutcome == .block }, "the tight limits should block some orders")
            #expect(liveDecisions.map(\.effectiveChecks.count) == backDecisions.map(\.checks.count))
            #expect(liveFills.count == backFills.count)
            for (a, b) in zip(liveFills, backFills) {
                #expect(a.clientOrderId == b.clientOrderId)
                #expect(a.qty == b.qty)
                #expect(abs(a.price - b.price) < 1e-9)
            }
            // What the broker holds is what the audit log says.
            let ledger = try AuditLedger.load(path: harness.state.audit)
            #expect(ledger.expectedPositions == harness.brokerHoldings)
            #expect(try AuditVerifier.verify(path: harness.state.audit).ok)
        }
    }
}

extension LiveParityTests {
    /// A day limit entry goes to the broker as a limit order at the strategy's price, judged by
    /// the policy at that price, and fills (or expires) on the simulator's bars exactly as the
    /// backtest fills it.
    @Test func limitEntriesMatchBacktest() async throws {
        let series = SyntheticBars.pair(days: 40)
        try await RunnerHarness.run(series: series, strategy: "dip-limit.yaml", policy: "limits-tight.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            _ = try await harness.finish()
            let live = try harness.records()

            let back = try Self.backtest(harness, series: series)

            let liveDecisions = live.compactMap(\.decision), backDecisions = back.compactMap(\.decision)
            #expect(liveDecisions.map(\.id) == backDecisions.map(\.id))
            #expect(liveDecisions.map(\.effectiveOutcome) == backDecisions.map(\.outcome))
            #expect(liveDecisions.map(\.order.price) == backDecisions.map(\.order.price), "judged at the limit price")
            #expect(live.compactMap(\.submitted).map(\.clientOrderId) == back.compactMap(\.submitted).map(\.clientOrderId))
            let liveFills = live.compactMap(\.fill), backFills = back.compactMap(\.fill)
            let buys = back.compactMap(\.submitted).filter { $0.side == .buy }.count
            #expect(backFills.filter { $0.side == .buy }.count < buys, "some limits expire unfilled")
            #expect(backFills.contains { $0.side == .buy })
            #expect(liveFills.count == backFills.count)
            for (a, b) in zip(liveFills, backFills) {
                #expect(a.clientOrderId == b.clientOrderId)
                #expect(a.qty == b.qty)
                #expect(abs(a.price - b.price) < 1e-9)
            }
            let sent = harness.sim.state().orders
            #expect(sent.filter { $0.side == "buy" }.allSatisfy { $0.type == "limit" && $0.timeInForce == "day" && $0.limitPrice != nil })
            #expect(sent.filter { $0.side == "sell" }.allSatisfy { $0.type == "market" })
            let ledger = try AuditLedger.load(path: harness.state.audit)
            #expect(ledger.expectedPositions == harness.brokerHoldings)
            let lastDecided = ledger.openOrders.compactMap(\.decisionTime).max()
            #expect(ledger.openOrders.allSatisfy { $0.decisionTime == lastDecided }, "day limits end filled or expired by the next bar")
            let expiring = live.compactMap(\.update).filter { $0.message?.hasPrefix("expired unfilled") == true }
            #expect(!expiring.isEmpty && expiring.allSatisfy { $0.status == "pending_cancel" })
            #expect(expiring.allSatisfy { ledger.orders[$0.clientOrderId]?.status == "canceled" }, "the simulator confirms each cancel")
        }
    }
}

extension LiveParityTests {
    /// A gtc limit with `expire_bars: 2` rests on the two bars after its decision, keeps the
    /// rule from placing another meanwhile, and is canceled by the bot when its bars are over,
    /// exactly where the backtest lets it expire.
    @Test func gtcEntriesRestAndExpireAsInTheBacktest() async throws {
        let series = SyntheticBars.pair(days: 40)
        try await RunnerHarness.run(series: series, strategy: "dip-gtc.yaml", policy: "limits-tight.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            _ = try await harness.finish()
            let live = try harness.records()
            let back = try Self.backtest(harness, series: series)

            #expect(live.compactMap(\.decision).map(\.id) == back.compactMap(\.decision).map(\.id))
            #expect(live.compactMap(\.submitted).map(\.clientOrderId) == back.compactMap(\.submitted).map(\.clientOrderId))
            // The same fills; within one bar the backtest records market fills before resting ones,
            // the run in the order it follows its orders.
            let liveFills = live.compactMap(\.fill).sorted { $0.clientOrderId < $1.clientOrderId }
            let backFills = back.compactMap(\.fill).sorted { $0.clientOrderId < $1.clientOrderId }
            #expect(liveFills.map(\.clientOrderId) == backFills.map(\.clientOrderId))
            for (a, b) in zip(liveFills, backFills) { #expect(a.qty == b.qty && abs(a.price - b.price) < 1e-9) }
            let expired = live.compactMap(\.update).filter { $0.message?.contains("rested on the 2 bars") == true }
            #expect(!expired.isEmpty, "some limits expire unfilled")
            #expect(live.compactMap(\.update).filter { $0.status == "canceled" }.map(\.clientOrderId) == expired.map(\.clientOrderId))
            let backExpired = back.compactMap(\.update).filter { $0.status == "canceled" }.map(\.clientOrderId)
            #expect(Set(expired.map(\.clientOrderId)).isSubset(of: Set(backExpired)))
            #expect(harness.sim.state().orders.filter { $0.side == "buy" }.allSatisfy { $0.timeInForce == "gtc" })
            let ledger = try AuditLedger.load(path: harness.state.audit)
            #expect(ledger.expectedPositions == harness.brokerHoldings)
        }
    }

    /// The same bars through the backtester: warm-up on the ten history bars, trading from bar
    /// 10 to the last bar the live run saw.
    static func backtest(_ harness: RunnerHarness, series: [BarSeries]) throws -> [AuditRecord] {
        let core = try harness.core()
        let memory = MemoryAuditLog()
        let records = DecisionRecords(
            mode: .paper, strategy: FileRef(name: core.strategy.source.name, file: harness.strategyPath, sha256: ""),
            policy: FileRef(name: core.policy.source.name, file: harness.policyPath, sha256: ""))
        _ = try Backtester(core: core, series: series, options: .init(settings: ExecutionSettings(startingCash: 20_000),
                                                                     from: series[0].times[10], to: series[0].times[35]),
                           audit: memory, records: records).run()
        return memory.records
    }
}

extension AuditRecord {
    var decision: DecisionRecord? { if case .decision(let d) = body { return d } else { return nil } }
    var fill: FillRecord? { if case .fill(let f) = body { return f } else { return nil } }
    var submitted: OrderSubmitted? { if case .orderSubmitted(let s) = body { return s } else { return nil } }
    var update: OrderUpdate? { if case .orderUpdate(let u) = body { return u } else { return nil } }
    var health: BrokerHealthRecord? { if case .brokerHealth(let h) = body { return h } else { return nil } }
    var reconciliation: ReconciliationRecord? { if case .reconciliation(let r) = body { return r } else { return nil } }
    var approval: ApprovalRecord? { if case .approval(let a) = body { return a } else { return nil } }
    var runEnd: RunEnd? { if case .runEnd(let r) = body { return r } else { return nil } }
}
