import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

/// Bracket, OCO and trailing-stop orders: legs `held` until the parent fills, active from the
/// parent's fill bar on, one cancels the other, the stop wins a bar that reaches both, and a
/// trailing stop's mark follows the highs (BarFillRules, the backtest's rules).
@Suite struct ExitOrderTests {
    static let bracket: [String: Any] = ["order_class": "bracket", "time_in_force": "gtc",
                                         "take_profit": ["limit_price": "110"], "stop_loss": ["stop_price": "95"]]

    @Test func aBracketsLegsWaitForTheParentAndTheStopWinsABarThatReachesBoth() async throws {
        let bars = ExitBars.series([(100, 101, 99, 100), (100, 102, 99, 101), (101, 111, 94, 105)])
        try await withSimulator(series: [bars]) { sim async throws in
            let parent = try await sim.order(Self.bracket)
            #expect(parent.status == 200 && parent["order_class"] == .string("bracket"))
            let legs = try #require(parent["legs"]?.arrayValue)
            #expect(legs.map { $0["status"] } == [.string("held"), .string("held")])
            #expect(legs.map { $0["type"] } == [.string("limit"), .string("stop")])
            #expect(legs.map { $0["side"] } == [.string("sell"), .string("sell")])
            #expect(legs[0]["limit_price"] == .string("110") && legs[1]["stop_price"] == .string("95"))
            #expect(legs.allSatisfy { $0["order_class"] == .string("bracket") && $0["qty"] == .string("10") })
            let id = parent["id"]!.stringValue!
            #expect(try await sim.get("/v2/orders?status=all").array.count == 3)
            #expect(try await sim.get("/v2/orders?status=all&nested=true").array.count == 1)

            sim.simulator.advance()
            let filled = try await sim.order(id: id, nested: true)
            #expect(filled["filled_avg_price"] == .string("100"))
            #expect(filled["legs"]?.arrayValue?.map { $0["status"] } == [.string("new"), .string("new")])
            #expect(try await sim.get("/v2/positions/TEST")["qty_available"] == .string("0"))

            sim.simulator.advance()
            // Bar 2 reaches both the target (high 111) and the stop (low 94), neither at the open.
            let after = try #require(try await sim.order(id: id, nested: true)["legs"]?.arrayValue)
            #expect(after.map { $0["status"] } == [.string("canceled"), .string("filled")])
            #expect(after[1]["filled_avg_price"] == .string("95"))
            #expect(try await sim.get("/v2/positions/TEST").status == 404)
            #expect(try await sim.get("/v2/account")["cash"] == .string("99950"))
            #expect(try await sim.get("/v2/orders?nested=true").array.isEmpty)
        }
    }

    @Test func legsAreActiveOnTheParentsFillBarFromItsFillPrice() async throws {
        // Bar 1 opens 100, trades down to 94: a market entry's stop at 95 fills that bar; a
        // limit entry at 99 fills at 99 and its stop, active from 99 on, at 95 too.
        let bars = ExitBars.series([(100, 101, 99, 100), (100, 102, 94, 101), (101, 103, 100, 102)])
        try await withSimulator(series: [bars]) { sim async throws in
            let market = try await sim.order(Self.bracket)
            var limitBracket = Self.bracket
            limitBracket["type"] = "limit"
            limitBracket["limit_price"] = "99"
            let limit = try await sim.order(limitBracket)
            #expect(limit.status == 200)
            sim.simulator.advance()
            for parent in [market, limit] {
                let order = try await sim.order(id: parent["id"]!.stringValue!, nested: true)
                let stop = try #require(order["legs"]?.arrayValue?.last)
                #expect(stop["status"] == .string("filled") && stop["filled_avg_price"] == .string("95"))
            }
            #expect(try await sim.get("/v2/positions/TEST").status == 404)
        }
    }

    @Test func aTargetFillsAndCancelsTheStop() async throws {
        let bars = ExitBars.series([(100, 101, 99, 100), (100, 102, 99, 101), (101, 111, 100, 105), (104, 105, 90, 91)])
        try await withSimulator(series: [bars]) { sim async throws in
            let parent = try await sim.order(Self.bracket)
            sim.simulator.advance(bars: 3)
            let legs = try #require(try await sim.order(id: parent["id"]!.stringValue!, nested: true)["legs"]?.arrayValue)
            #expect(legs.map { $0["status"] } == [.string("filled"), .string("canceled")])
            #expect(legs[0]["filled_avg_price"] == .string("110"))
            #expect(try await sim.get("/v2/account")["cash"] == .string("100100"))
        }
    }

    @Test func anOCOProtectsAHeldPositionAndOneCancelsTheOther() async throws {
        let bars = ExitBars.series([(100, 101, 99, 100), (100, 101, 99, 100), (101, 116, 99, 110)])
        try await withSimulator(series: [bars]) { sim async throws in
            _ = try await sim.order([:])
            sim.simulator.advance()
            let oco = try await sim.order(["type": "limit", "order_class": "oco", "time_in_force": "gtc",
                                           "take_profit": ["limit_price": "115"], "stop_loss": ["stop_price": "95"]],
                                          side: "sell")
            #expect(oco.status == 200 && oco["order_class"] == .string("oco") && oco["limit_price"] == .string("115"))
            #expect(oco["legs"]?.arrayValue?.map { $0["stop_price"] } == [.string("95")])
            // The pair holds the 10 shares once, not twice.
            #expect(try await sim.get("/v2/positions/TEST")["qty_available"] == .string("0"))
            sim.simulator.advance()
            let after = try await sim.order(id: oco["id"]!.stringValue!, nested: true)
            #expect(after["status"] == .string("filled") && after["filled_avg_price"] == .string("115"))
            #expect(after["legs"]?.arrayValue?.first?["status"] == .string("canceled"))
        }
    }

    @Test func cancelingAParentCancelsItsHeldLegsAndALegCancelsItsSibling() async throws {
        let bars = ExitBars.series([(100, 101, 99, 100), (100, 102, 99, 101), (101, 103, 99, 102)])
        try await withSimulator(series: [bars]) { sim async throws in
            let first = try await sim.order(Self.bracket)
            #expect(try await sim.delete("/v2/orders/\(first["id"]!.stringValue!)").status == 204)
            let canceled = try await sim.order(id: first["id"]!.stringValue!, nested: true)
            #expect(canceled["status"] == .string("canceled"))
            #expect(canceled["legs"]?.arrayValue?.map { $0["status"] } == [.string("canceled"), .string("canceled")])

            let second = try await sim.order(Self.bracket)
            sim.simulator.advance()
            let legs = try #require(try await sim.order(id: second["id"]!.stringValue!, nested: true)["legs"]?.arrayValue)
            #expect(try await sim.delete("/v2/orders/\(legs[1]["id"]!.stringValue!)").status == 204)
            let after = try #require(try await sim.order(id: second["id"]!.stringValue!, nested: true)["legs"]?.arrayValue)
            #expect(after.map { $0["status"] } == [.string("canceled"), .string("canceled")])
            #expect(try await sim.get("/v2/positions/TEST")["qty_available"] == .string("10"))
        }
    }

    @Test func aTrailingStopFollowsTheHighsAndFillsAtItsLevel() async throws {
        let bars = ExitBars.series([(100, 101, 99, 100), (100, 101, 99, 100), (101, 120, 95, 118), (115, 116, 107, 110)])
        try await withSimulator(series: [bars]) { sim async throws in
            _ = try await sim.order([:])
            sim.simulator.advance()
            let trailing = try await sim.order(["type": "trailing_stop", "trail_percent": "10", "time_in_force": "gtc"],
                                               side: "sell")
            #expect(trailing.status == 200 && trailing["hwm"] == .string("100") && trailing["stop_price"] == .string("90"))
            #expect(trailing["trail_percent"] == .string("10") && trailing["trail_price"] == .null)
            let id = trailing["id"]!.stringValue!
            sim.simulator.advance()
            // Bar 2's low 95 stays above 90; its high 120 raises the mark and the level to 108.
            let raised = try await sim.order(id: id)
            #expect(raised["status"] == .string("accepted"))
            #expect(raised["hwm"] == .string("120") && raised["stop_price"] == .string("108"))
            sim.simulator.advance()
            let filled = try await sim.order(id: id)
            #expect(filled["status"] == .string("filled") && filled["filled_avg_price"] == .string("108"))
        }
    }
}
