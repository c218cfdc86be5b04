import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

/// Orders against round-number bars: TEST closes 100, 110, 120, 130, 140 and opens at the
/// previous close + 1 (101, 111, 121, 131), on 2024-01-02 … 2024-01-08.
@Suite struct OrderLifecycleTests {
    static let series = [SimFixtures.roundNumbers(closes: [100, 110, 120, 130, 140])]

    func run(_ config: SimulatorConfig = SimulatorConfig(), _ body: (SimHTTP) async throws -> Void) async throws {
        try await withSimulator(config, series: Self.series, body)
    }

    @Test func marketOrderFillsAtTheNextOpenToTheCent() async throws {
        try await run { sim async throws in
            let submitted = try await sim.buy("TEST", qty: "10", clientID: "buy-1")
            #expect(submitted.status == 200)
            #expect(submitted["status"] == .string("accepted"))
            #expect(submitted["filled_qty"] == .string("0"))
            #expect(submitted["filled_avg_price"] == .null)
            #expect(submitted["submitted_at"] == .string("2024-01-02T21:00:00.000001Z"))
            let id = try #require(submitted["id"]?.stringValue)
            let pending = try await sim.get("/v2/account")
            #expect(pending["cash"] == .string("100000"))
            #expect(pending["buying_power"] == .string("99000"))

            #expect(sim.simulator.advance(bars: 1) == 1)
            let filled = try await sim.get("/v2/orders/\(id)")
            #expect(filled["status"] == .string("filled"))
            #expect(filled["filled_qty"] == .string("10"))
            #expect(filled["filled_avg_price"] == .string("101"))
            #expect(filled["filled_at"]?.stringValue?.hasPrefix("2024-01-03T14:30:00.") == true)

            let account = try await sim.get("/v2/account")
            #expect(account["cash"] == .string("98990"))
            #expect(account["long_market_value"] == .string("1100"))
            #expect(account["equity"] == .string("100090"))
            #expect(account["last_equity"] == .string("100000"))
            let position = try await sim.get("/v2/positions/TEST")
            #expect(position["qty"] == .string("10"))
            #expect(position["avg_entry_price"] == .string("101"))
            #expect(position["cost_basis"] == .string("1010"))
            #expect(position["current_price"] == .string("110"))
            #expect(position["unrealized_pl"] == .string("90"))
            #expect(position["lastday_price"] == .string("100"))

            let state = sim.simulator.state()
            #expect(state.cash == "98990")
            #expect(state.orders.map(\.status) == ["filled"])
            #expect(state.positions.map(\.qty) == ["10"])
        }
    }

    @Test func fractionalNotionalAndSellFills() async throws {
        try await run { sim async throws in
            #expect(try await sim.buy("TEST", qty: "10").status == 200)
            let notional = try await sim.post("/v2/orders", ["symbol": "TEST", "notional": "100", "side": "buy",
                                                             "type": "market", "time_in_force": "day"])
            #expect(notional.status == 200)
            sim.simulator.advance()
            let notionalFill = try await sim.get("/v2/orders/\(notional["id"]!.stringValue!)")
            #expect(notionalFill["filled_qty"] == .string("0.990099009"))
            #expect(notionalFill["filled_avg_price"] == .string("101"))
            // 100000 − 1010 − 0.990099009 × 101
            #expect(try await sim.get("/v2/account")["cash"] == .string("98890.000000091"))

            #expect(try await sim.buy("TEST", qty: "4.5", side: "sell").status == 200)
            sim.simulator.advance()
            let position = try await sim.get("/v2/positions/TEST")
            #expect(position["qty"] == .string("6.490099009"))
            #expect(position["avg_entry_price"] == .string("101"))
            // + 4.5 × 111
            #expect(try await sim.get("/v2/account")["cash"] == .string("99389.500000091"))
        }
    }

    @Test func duplicateClientOrderIDIsRefusedEvenAfterCancelOrFill() async throws {
        try await run { sim async throws in
            let duplicate = try SimFixtures.errorBody("duplicate_client_order_id")
            let first = try await sim.buy("TEST", qty: "1", clientID: "same-id")
            #expect(first.status == 200)
            let again = try await sim.buy("TEST", qty: "1", clientID: "same-id")
            #expect(again.status == 422)
            #expect(again.json == duplicate)
            #expect(try await sim.delete("/v2/orders/\(first["id"]!.stringValue!)").status == 204)
            #expect(try await sim.buy("TEST", qty: "1", clientID: "same-id").json == duplicate)

            #expect(try await sim.buy("TEST", qty: "1", clientID: "filled-id").status == 200)
            sim.simulator.advance()
            #expect(try await sim.buy("TEST", qty: "1", clientID: "filled-id").json == duplicate)
            #expect(sim.simulator.state().orders.count == 2)
        }
    }

    @Test func cancelLifeCycle() async throws {
        try await run { sim async throws in
            let order = try await sim.buy("TEST", qty: "1")
            let id = order["id"]!.stringValue!
            let canceled = try await sim.delete("/v2/orders/\(id)")
            #expect(canceled.status == 204)
            #expect(canceled.data.isEmpty)
            let after = try await sim.get("/v2/orders/\(id)")
            #expect(after["status"] == .string("canceled"))
            #expect(after["canceled_at"]?.kind == "string")
            let twice = try await sim.delete("/v2/orders/\(id)")
            #expect(twice.status == 422)
            #expect(twice.json == .object(["code": .int(42210000), "message": .string("order is already in \"canceled\" state")]))

            let filled = try await sim.buy("TEST", qty: "1")
            sim.simulator.advance()
            let late = try await sim.delete("/v2/orders/\(filled["id"]!.stringValue!)")
            #expect(late.status == (try SimFixtures.errorStatus("order_not_cancelable")))
            #expect(late.json == (try SimFixtures.errorBody("order_not_cancelable")))
            // Nothing filled for the canceled order.
            #expect(try await sim.get("/v2/positions/TEST")["qty"] == .string("1"))
        }
    }

    @Test func lookupsByIDAndClientID() async throws {
        try await run { sim async throws in
            let order = try await sim.buy("TEST", qty: "1", clientID: "find-me")
            let byClient = try await sim.get("/v2/orders:by_client_order_id?client_order_id=find-me")
            #expect(byClient.json == order.json)
            let missing = try await sim.get("/v2/orders:by_client_order_id?client_order_id=nope")
            #expect(missing.status == 404)
            #expect(missing.json == (try SimFixtures.errorBody("order_not_found")))
            let unknown = try await sim.get("/v2/orders/00000000-0000-4000-8000-000000000000")
            #expect(unknown.status == 404)
            #expect(unknown.json == (try SimFixtures.errorBody("order_not_found")))
            let malformed = try await sim.get("/v2/orders/not-a-uuid")
            #expect(malformed.status == 422)
            #expect(malformed.json == (try SimFixtures.errorBody("malformed_order_id")))
            #expect(try await sim.delete("/v2/orders/00000000-0000-4000-8000-000000000000").status == 404)
        }
    }

    @Test func validationErrorsUseAlpacasBodies() async throws {
        try await run { sim async throws in
            let both = try await sim.post("/v2/orders", ["symbol": "TEST", "qty": "1", "notional": "10", "side": "buy",
                                                         "type": "market", "time_in_force": "day"])
            #expect(both.status == 422)
            #expect(both.json == (try SimFixtures.errorBody("qty_and_notional_both_given")))
            let neither = try await sim.post("/v2/orders", ["symbol": "TEST", "side": "buy", "type": "market",
                                                            "time_in_force": "day"])
            #expect(neither.json == (try SimFixtures.errorBody("qty_or_notional_required")))
            let badSymbol = try await sim.buy("NOPE", qty: "1")
            #expect(badSymbol.status == 422)
            #expect(badSymbol["code"] == .int(40010001))
            let tooBig = try await sim.buy("TEST", qty: "1001")
            #expect(tooBig.status == 403)
            #expect(tooBig.json == (try SimFixtures.errorBody("insufficient_buying_power")))
            let noPosition = try await sim.buy("TEST", qty: "1", side: "sell")
            #expect(noPosition.status == 403)
            #expect(noPosition.json == (try SimFixtures.errorBody("not_allowed_to_short")))
            let numberQty = try await sim.post("/v2/orders", ["symbol": "TEST", "qty": 2, "side": "buy", "type": "market",
                                                              "time_in_force": "day"])
            #expect(numberQty["qty"] == .string("2"))
            let fractionalGTC = try await sim.post("/v2/orders", ["symbol": "TEST", "qty": "0.5", "side": "buy",
                                                                  "type": "market", "time_in_force": "gtc"])
            #expect(fractionalGTC.status == 422)
            let stop = try await sim.post("/v2/orders", ["symbol": "TEST", "qty": "1", "side": "buy", "type": "stop",
                                                         "time_in_force": "day"])
            #expect(stop.status == 422)
            #expect(stop["message"] == .string("stop_price is required for stop orders"))
            let notJSON = try await sim.send(.POST, "/v2/orders", body: Data("qty=1".utf8), auth: true, timeout: SimHTTP.patience)
            #expect(notJSON.status == 400)
            #expect(sim.simulator.state().orders.count == 1)
        }
    }

    @Test func sellingMoreThanHeldNamesTheShortfall() async throws {
        try await run { sim async throws in
            _ = try await sim.buy("TEST", qty: "5")
            sim.simulator.advance()
            #expect(try await sim.buy("TEST", qty: "3", side: "sell").status == 200)
            let reply = try await sim.buy("TEST", qty: "3", side: "sell")
            #expect(reply.status == 403)
            let fixture = try SimFixtures.errorBody("insufficient_qty_available")
            #expect(reply.keys == fixture.keys)
            #expect(reply["available"] == .string("2"))
            #expect(reply["held_for_orders"] == .string("3"))
            #expect(reply["existing_qty"] == .string("5"))
            #expect(reply["message"] == .string("insufficient qty available for order (requested: 3, available: 2)"))
            let position = try await sim.get("/v2/positions/TEST")
            #expect(position["qty_available"] == .string("2"))
        }
    }

    @Test func limitOrdersFillAtOpenOrLimitAndDayOrdersExpire() async throws {
        try await run { sim async throws in
            func limit(_ side: String, _ price: String, _ tif: String) async throws -> String {
                let reply = try await sim.post("/v2/orders", ["symbol": "TEST", "qty": "1", "side": side, "type": "limit",
                                                              "time_in_force": tif, "limit_price": price])
                #expect(reply.status == 200)
                return reply["id"]!.stringValue!
            }
            let atOpen = try await limit("buy", "105", "day")     // bar 1 opens 101 ≤ 105: fills at 101
            let atLimit = try await limit("buy", "100", "day")    // bar 1 low 99: fills at 100
            let never = try await limit("buy", "50", "day")       // expires after bar 1's session
            let patient = try await limit("buy", "50", "gtc")     // stays open
            sim.simulator.advance()
            #expect(try await sim.get("/v2/orders/\(atOpen)")["filled_avg_price"] == .string("101"))
            #expect(try await sim.get("/v2/orders/\(atLimit)")["filled_avg_price"] == .string("100"))
            #expect(try await sim.get("/v2/orders/\(never)")["status"] == .string("accepted"))
            sim.simulator.advance()
            #expect(try await sim.get("/v2/orders/\(never)")["status"] == .string("canceled"))
            #expect(try await sim.get("/v2/orders/\(patient)")["status"] == .string("accepted"))
            let sell = try await limit("sell", "125", "gtc")      // bar 3 opens 121, high 132: fills at 125
            sim.simulator.advance()
            #expect(try await sim.get("/v2/orders/\(sell)")["filled_avg_price"] == .string("125"))
        }
    }

    @Test func listingOrdersFiltersAndSorts() async throws {
        try await run { sim async throws in
            let a = try await sim.buy("TEST", qty: "1", clientID: "a")
            let b = try await sim.buy("TEST", qty: "1", clientID: "b")
            _ = try await sim.delete("/v2/orders/\(b["id"]!.stringValue!)")
            let c = try await sim.buy("TEST", qty: "1", clientID: "c")
            func ids(_ query: String) async throws -> [String] {
                try await sim.get("/v2/orders\(query)").array.compactMap { $0["client_order_id"]?.stringValue }
            }
            #expect(try await ids("") == ["c", "a"])
            #expect(try await ids("?status=closed") == ["b"])
            #expect(try await ids("?status=all&direction=asc") == ["a", "b", "c"])
            #expect(try await ids("?status=all&limit=2") == ["c", "b"])
            let bTime = b["submitted_at"]!.stringValue!
            #expect(try await ids("?status=all&after=\(bTime)") == ["c"])
            #expect(try await ids("?status=all&until=\(bTime)") == ["a"])
            #expect(try await ids("?status=all&symbols=SPY") == [])
            #expect(try await ids("?status=all&side=sell") == [])
            #expect(try await sim.get("/v2/orders?status=bogus").status == 422)
            _ = (a, c)
        }
    }
}
