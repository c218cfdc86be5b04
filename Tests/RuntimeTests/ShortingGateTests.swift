import Alpaca
import AlpacaSimulator
import Audit
import Foundation
import MarketData
import Testing
@testable import Runtime
import Vocabulary

/// Issue 15, live: a short sale is an Alpaca sell with no long position, sent only when the
/// account says `shorting_enabled: true`. Otherwise the decision is recorded with the gate
/// `shorting_disabled` after the policy's allow, and nothing reaches the broker (fail closed).
@Suite struct ShortingGateTests {
    static let aaa = [SyntheticBars.daily("AAA", days: 40, seed: 3)]

    @Test func aShortIsRefusedWhenTheAccountCannotShort() async throws {
        try await RunnerHarness.run(series: Self.aaa, strategy: "short-when-flat.yaml", policy: "limits-shorts.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<2 { try await h.step() }
            _ = try await h.finish()
            let decisions = try h.records().compactMap(\.decision)
            #expect(!decisions.isEmpty)
            for decision in decisions {
                #expect(decision.outcome == .allow, "the policy allowed it: the gate stops it")
                #expect(decision.order.side == .sellShort)
                #expect(decision.gates?.map(\.id) == [.shortingDisabled])
                #expect(decision.effectiveOutcome == .block)
                #expect(decision.effectiveReason.contains("shorting_enabled: false"))
            }
            #expect(h.sim.state().orders.isEmpty, "nothing was sent")
            #expect(h.brokerHoldings.isEmpty)
        }
    }

    @Test func aShortIsASellWithNoLongPositionWhenTheAccountMayShort() async throws {
        try await RunnerHarness.run(series: Self.aaa, strategy: "short-when-flat.yaml", policy: "limits-shorts.yaml",
                                    shorting: true) { h in
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<3 { try await h.step() }
            _ = try await h.finish()
            let decisions = try h.records().compactMap(\.decision)
            #expect(decisions.map(\.effectiveOutcome) == [.allow], "position == 0 is false once the short is in flight or filled")
            #expect(decisions.first?.gates == nil)
            let order = try #require(h.sim.state().orders.first)
            #expect(order.side == "sell")
            #expect(h.brokerHoldings == ["AAA": -10])
        }
    }
}
