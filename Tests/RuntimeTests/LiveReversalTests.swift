import Alpaca
import Audit
import Foundation
import MarketData
import Policy
import Testing
@testable import Runtime
import Vocabulary

/// Issue 15, live: a rule that reverses the position (`sell_short` while long, `buy` while
/// short) sends both halves, as the backtest decides them: the sale (or cover) of the whole
/// position first (`:reverse`), then, once that has filled and never before, the rule's own
/// order, judged with the account as the first half left it.
@Suite struct LiveReversalTests {
    static let aaa = [SyntheticBars.daily("AAA", days: 40, seed: 3)]

    @Test func bothHalvesGoLiveWithTheBacktestsDecisions() async throws {
        let series = Self.aaa
        try await RunnerHarness.run(series: series, strategy: "flip-shares.yaml", policy: "limits-shorts.yaml", shorting: true) { h in
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<25 { try await h.step() }
            _ = try await h.finish()
            let live = try h.records()
            let back = try LiveParityTests.backtest(h, series: series)

            let liveDecisions = live.compactMap(\.decision), backDecisions = back.compactMap(\.decision)
            let firstHalves = liveDecisions.filter { $0.id.hasSuffix(":reverse") }
            #expect(firstHalves.count >= 4, "the strategy should reverse often")
            #expect(liveDecisions.map(\.id) == backDecisions.map(\.id), "the same decisions, both halves, the same ids")
            #expect(liveDecisions.map(\.outcome) == backDecisions.map(\.outcome))
            // Only opening halves whose first half the run never saw filled (its last bars) are held back.
            let held = liveDecisions.filter { $0.gates != nil }
            #expect(held.allSatisfy { $0.gates?.map(\.id) == [.reversalIncomplete] })
            #expect(held.count <= 1)
            #expect(held.allSatisfy { $0.input?.intent.time ?? 0 >= series[0].times[34] })
            let openingIds = Set(firstHalves.map { String($0.id.dropLast(":reverse".count)) })
            #expect(firstHalves.allSatisfy { $0.input?.intent.reversing == true && $0.order.side != .sellShort })

            // The opening half is sent only after its first half's fill is in the log.
            let submitted = live.compactMap(\.submitted)
            for (index, record) in live.enumerated() {
                guard let opening = record.submitted, openingIds.contains(opening.decisionId) else { continue }
                let first = try #require(submitted.first { $0.decisionId == opening.decisionId + ":reverse" })
                let firstFill = live.firstIndex { $0.fill?.clientOrderId == first.clientOrderId }
                #expect(firstFill.map { $0 < index } == true, "\(opening.decisionId) was sent before its first half filled")
            }
            // The same fills at the same prices, except that an opening half fills at the open
            // after its first half's fill was seen: one bar later than the backtest on
            // the simulator's bar-by-bar clock (docs/RUN.md, "Shorts").
            let decisionOf = Dictionary(submitted.map { ($0.clientOrderId, $0.decisionId) }, uniquingKeysWith: { a, _ in a })
            let timeOf = Dictionary(liveDecisions.compactMap { d in d.input.map { (d.id, $0.intent.time) } }, uniquingKeysWith: { a, _ in a })
            let backFills = Dictionary(back.compactMap(\.fill).map { ($0.clientOrderId, $0) }, uniquingKeysWith: { a, _ in a })
            let liveFills = live.compactMap(\.fill)
            #expect(liveFills.count >= 8)
            var openingFills = 0
            for fill in liveFills {
                let backFill = try #require(backFills[fill.clientOrderId])
                #expect(fill.qty == backFill.qty && fill.side == backFill.side)
                let decision = try #require(decisionOf[fill.clientOrderId])
                if openingIds.contains(decision) {
                    let decided = try #require(timeOf[decision])
                    let bar = try #require(series[0].times.firstIndex(of: decided))
                    #expect(backFill.price == series[0].open[bar + 1])
                    #expect(fill.price == series[0].open[bar + 2])
                    openingFills += 1
                } else {
                    #expect(abs(fill.price - backFill.price) < 1e-9, "\(decision)")
                }
            }
            #expect(openingFills >= 3)
            let ledger = try AuditLedger.load(path: h.state.audit)
            #expect(ledger.expectedPositions == h.brokerHoldings)
            #expect(try AuditVerifier.verify(path: h.state.audit).ok)
        }
    }

    /// Fail closed: the broker refuses the first half, so the long may still be held and the
    /// short is not sent; its decision is recorded with the gate `reversal_incomplete`.
    @Test func aRefusedFirstHalfBlocksTheOpeningHalf() async throws {
        try await RunnerHarness.run(series: Self.aaa, strategy: "flip-shares.yaml", policy: "limits-shorts.yaml", shorting: true) { h in
            try h.start(broker: RefusingReversalBroker(inner: h.broker))
            try await h.waitForLines(1)
            for _ in 0..<12 { try await h.step() }
            _ = try await h.finish()
            let live = try h.records()
            let decisions = live.compactMap(\.decision)
            let firstHalves = decisions.filter { $0.id.hasSuffix(":reverse") }
            #expect(!firstHalves.isEmpty)
            for first in firstHalves {
                #expect(live.compactMap(\.update).contains { $0.status == "rejected" && $0.clientOrderId == first.order.clientOrderId })
                let opening = try #require(decisions.first { $0.id == String(first.id.dropLast(":reverse".count)) })
                #expect(opening.outcome == .allow, "the policy allowed it; the gate stops it")
                #expect(opening.gates?.map(\.id) == [.reversalIncomplete])
                #expect(opening.effectiveReason.contains("ended rejected without filling"))
                #expect(!live.contains { $0.submitted?.decisionId == opening.id }, "the opening half is never sent")
            }
            #expect(h.brokerHoldings.values.map(abs) == [10], "the first position stays: never long and short at once, never doubled")
        }
    }
}

extension LiveReversalTests {
    /// A run killed between the halves (its log ends after the first half was sent): the next
    /// start records the opening half as blocked, with the backtest's id and why, and never
    /// sends it.
    @Test func aRunKilledBetweenTheHalvesLeavesTheOpeningHalfBlockedAtTheNextStart() async throws {
        try await RunnerHarness.run(series: Self.aaa, strategy: "flip-shares.yaml", policy: "limits-shorts.yaml", shorting: true) { h in
            try h.start()
            try await h.waitForLines(1)
            var steps = 0
            while try !h.records().contains(where: { $0.decision?.id.hasSuffix(":reverse") == true }), steps < 25 {
                try await h.step()
                steps += 1
            }
            _ = try await h.finish()
            // A stop records the waiting half as blocked; kill -9 would have left the log just before it.
            let stopped = try h.records()
            let abandoned = try #require(stopped.first { $0.decision?.gates?.first?.id == .reversalIncomplete })
            #expect(abandoned.decision?.effectiveReason.contains("the run stopped before the first half") == true)
            let lines = try String(contentsOfFile: h.state.audit, encoding: .utf8).split(separator: "\n")
            try (lines.prefix(abandoned.seq - 1).joined(separator: "\n") + "\n").write(toFile: h.state.audit, atomically: false,
                                                                                        encoding: .utf8)
            // The index beside the log is derived from it; after a kill it matches the log's last line.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: h.state.audit + ".index.sqlite" + suffix) }
            #expect(try AuditVerifier.verify(path: h.state.audit).ok)
            let openingId = try #require(abandoned.decision?.id)

            let before = h.lines.count
            try h.start()
            try await h.waitForLines(before + 1)
            try await h.step()
            _ = try await h.finish()
            let records = try h.records()
            let opening = records.compactMap(\.decision).filter { $0.id == openingId }
            #expect(opening.count == 1)
            #expect(opening.first?.gates?.map(\.id) == [.reversalIncomplete])
            #expect(opening.first?.effectiveReason.contains("the run stopped between the halves (the first half") == true)
            #expect(opening.first?.order.qty == 10)
            #expect(!records.contains { $0.submitted?.decisionId == openingId }, "a restart never sends it")
            #expect(!h.sim.state().orders.contains { $0.clientOrderID == abandoned.decision?.order.clientOrderId })
            #expect(try AuditVerifier.verify(path: h.state.audit).ok)
        }
    }
}

/// Refuses the first half of every reversal, as a broker refuses an order it cannot take.
struct RefusingReversalBroker: ForwardingBroker {
    let inner: any LiveBroker


    func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        if order.intent.figures.reversing { throw BrokerError(.refused, "insufficient qty available for order (test)") }
        return try await inner.submit(order, timeInForce: timeInForce)
    }
}
