import Alpaca
import AlpacaSimulator
import Audit
import Foundation
import MarketData
import Testing
@testable import Runtime
import Vocabulary

/// Issue 12, defect 6: a restarted run bought twice. Its start-up decision was judged fresh by
/// a clock read taken before a slow broker answer (the market had moved on four sessions), and
/// the next decision saw `position == 0` because that first buy had not filled yet. Both
/// halves, each on its own, with the simulator's manual clock: deterministic, no sleeping.
@Suite struct InFlightOrderTests {
    static let aaa = [SyntheticBars.daily("AAA", days: 40, seed: 3)]

    @Test func aBarThatWentStaleDuringASlowBrokerAnswerIsNotTraded() async throws {
        try await RunnerHarness.run(series: Self.aaa, strategy: "enter-when-flat.yaml", policy: "limits-open.yaml") { h in
            let slow = SlowAnswerBroker(inner: h.broker)
            // The start-up reconciliation's account answer is so slow that four sessions pass.
            slow.script.onNextAccount { _ = h.sim.advance(bars: 4) }
            try h.start(broker: slow)
            try await h.waitForLines(5)   // bar 10 at start-up, then bars 11 to 14
            for _ in 0..<3 { try await h.step() }
            _ = try await h.finish()

            let decisions = try h.records().compactMap(\.decision)
            let startUp = try #require(decisions.first)
            #expect(startUp.id.contains(BarTimeText.date(Self.aaa[0].times[10] / 86_400)))
            #expect(startUp.effectiveOutcome == .block)
            #expect(startUp.effectiveChecks.contains { $0.id == "stale_bar" && $0.kind == .runtime })
            #expect(decisions.filter { $0.effectiveOutcome == .allow }.count == 1, "only bar 14, the newest, may trade")
            #expect(h.sim.state().orders.count == 1)
            let bought = try #require(try h.records().compactMap(\.fill).first)
            #expect(h.brokerHoldings == ["AAA": bought.qty])
        }
    }

    @Test func aBuyStillInFlightIsAPositionForTheStrategy() async throws {
        try await RunnerHarness.run(series: Self.aaa, strategy: "enter-when-flat.yaml", policy: "limits-open.yaml") { h in
            let slow = SlowAnswerBroker(inner: h.broker)
            // The order request is slow to arrive: the next session has begun when the broker
            // takes it, so it fills one bar later than decided and is still open on bar 11.
            slow.script.onNextSubmit { _ = h.sim.advance(bars: 1) }
            try h.start(broker: slow)
            try await h.waitForLines(2)
            let waiting = try #require(h.sim.state().orders.first)
            #expect(waiting.status != "filled", "the buy is still in flight when bar 11 is decided")
            #expect(h.brokerHoldings.isEmpty)
            for _ in 0..<3 { try await h.step() }
            _ = try await h.finish()

            let records = try h.records()
            #expect(records.compactMap(\.decision).map(\.effectiveOutcome) == [.allow], "position == 0 was false while the buy waited")
            #expect(h.sim.state().orders.count == 1)
            let bought = try #require(records.compactMap(\.fill).first)
            #expect(h.brokerHoldings == ["AAA": bought.qty])
            #expect(try AuditLedger.load(path: h.state.audit).expectedPositions == h.brokerHoldings)
        }
    }

    @Test func ordersInFlightCountAsFilledAtTheirDecisionPrice() {
        func order(_ id: String, side: Side, qty: Double?, notional: Double?, filled: Double = 0) -> AuditLedger.Order {
            AuditLedger.Order(orderId: id, clientOrderId: id, decisionId: "d-\(id)", symbol: "AAA", side: side, qty: qty,
                              notional: notional, decisionPrice: 20, broker: "sim", brokerOrderId: nil, status: "new",
                              filledQty: filled, filledValue: filled * 20)
        }
        let held = [BrokerPosition(symbol: "AAA", qty: 10, currentPrice: 21)]
        // A dollar-amount buy (a fractional percent_of_equity size) counts as notional / decision price.
        let buy = InFlightHoldings(positions: held, marks: ["AAA": 22], pending: [order("b", side: .buy, qty: nil, notional: 100)])
        #expect(buy.position("AAA") == 15)
        #expect(buy.sellableShares("AAA") == 10, "shares not yet bought cannot be sold")
        #expect(buy.cash(after: 1_000) == 900)
        #expect(buy.grossExposure == 15 * 22)
        // A partly filled sell counts for what is left of it; a later sell cannot sell the same shares.
        let sell = InFlightHoldings(positions: held, marks: [:], pending: [order("s", side: .sell, qty: 6, notional: nil, filled: 2)])
        #expect(sell.position("AAA") == 6)
        #expect(sell.sellableShares("AAA") == 6)
        // An order whose size cannot be known makes the position unknown, never 0.
        var unknown = order("u", side: .buy, qty: nil, notional: 100)
        unknown.decisionPrice = .nan
        #expect(InFlightHoldings(positions: [], marks: [:], pending: [unknown]).position("AAA").isNaN)
    }
}
