import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

/// Key-by-key comparisons with Alpaca's fixtures: same keys, same kind of value for each key.
@Suite struct ResponseShapeTests {
    /// Records every key whose presence or kind differs, so a failure lists them all.
    static func differences(_ actual: JSONValue, _ fixture: JSONValue, ignoring: Set<String> = [],
                            nullable: Set<String> = []) -> [String] {
        var problems: [String] = []
        let a = actual.objectValue ?? [:]
        let f = fixture.objectValue ?? [:]
        for key in Set(f.keys).subtracting(ignoring).sorted() {
            guard let value = a[key] else { problems.append("missing \(key)"); continue }
            let expected = f[key]!.kind
            if value.kind != expected && !(nullable.contains(key) && (value.kind == "null" || expected == "null")) {
                problems.append("\(key): \(value.kind) instead of \(expected)")
            }
        }
        for key in Set(a.keys).subtracting(f.keys).subtracting(ignoring).sorted() { problems.append("extra \(key)") }
        return problems
    }

    @Test func accountMatchesTheFixtureWithoutTheRetiredDayTraderFields() async throws {
        try await withSimulator { sim async throws in
            let account = try await sim.get("/v2/account")
            #expect(account.status == 200)
            let fixture = try SimFixtures.alpaca("account.json")
            #expect(Self.differences(account.json, fixture, ignoring: AccountView.deprecatedFields) == [])
            #expect(account.keys.isDisjoint(with: AccountView.deprecatedFields))
            #expect(account["cash"] == .string("100000"))
            #expect(account["equity"] == .string("100000"))
            #expect(account["buying_power"] == .string("100000"))
            #expect(account["status"] == .string("ACTIVE"))
            #expect(account["account_number"]?.stringValue?.hasPrefix("PA") == true)
        }
    }

    @Test func accountWithDeprecatedFieldsMatchesTheFixtureExactly() async throws {
        try await withSimulator(SimulatorConfig(includeDeprecatedAccountFields: true)) { sim async throws in
            let account = try await sim.get("/v2/account")
            #expect(Self.differences(account.json, try SimFixtures.alpaca("account.json")) == [])
        }
    }

    @Test func qtyLimitOrderMatchesTheLimitFixture() async throws {
        try await withSimulator { sim async throws in
            let reply = try await sim.post("/v2/orders", ["symbol": "AAPL", "qty": "2", "side": "buy", "type": "limit",
                                                          "time_in_force": "gtc", "limit_price": "150"])
            #expect(reply.status == 200)
            #expect(Self.differences(reply.json, try SimFixtures.alpaca("order_limit_gtc_accepted.json")) == [])
            #expect(reply["qty"] == .string("2"))
            #expect(reply["limit_price"] == .string("150"))
            #expect(reply["status"] == .string("accepted"))
            #expect(reply["order_class"] == .string(""))
        }
    }

    @Test func notionalMarketOrderMatchesTheNotionalFixture() async throws {
        try await withSimulator { sim async throws in
            let reply = try await sim.post("/v2/orders", ["symbol": "AAPL", "notional": "500", "side": "buy",
                                                          "type": "market", "time_in_force": "day"])
            #expect(reply.status == 200)
            // The notional fixture predates `source`/`subtag`, which the newer limit fixture has.
            #expect(Self.differences(reply.json, try SimFixtures.alpaca("order_notional_market_accepted.json"),
                                     ignoring: ["source", "subtag"]) == [])
            #expect(reply["notional"] == .string("500"))
            #expect(reply["qty"] == .null)
        }
    }

    @Test func positionsMatchTheFixture() async throws {
        try await withSimulator { sim async throws in
            _ = try await sim.buy("AAPL", qty: "2")
            sim.simulator.advance()
            let list = try await sim.get("/v2/positions")
            let one = try await sim.get("/v2/positions/AAPL")
            let fixture = try SimFixtures.alpaca("position.json")
            #expect(list.array.count == 1)
            #expect(Self.differences(list.array[0], fixture) == [])
            #expect(Self.differences(one.json, fixture) == [])
            #expect(one.json == list.array[0])
        }
    }

    @Test func clockAndCalendarMatchTheirFixtures() async throws {
        try await withSimulator { sim async throws in
            let clock = try await sim.get("/v2/clock")
            #expect(Self.differences(clock.json, try SimFixtures.alpaca("clock.json")) == [])
            let calendar = try await sim.get("/v2/calendar?start=2021-03-01&end=2021-03-05")
            let fixture = try SimFixtures.alpaca("calendar.json").arrayValue![0]
            #expect(calendar.array.count == 5)
            #expect(Self.differences(calendar.array[0], fixture) == [])
        }
    }

    @Test func fillActivitiesAndCancelAllMatchTheirFixtures() async throws {
        try await withSimulator { sim async throws in
            _ = try await sim.buy("SPY", qty: "1")
            sim.simulator.advance()
            _ = try await sim.buy("SPY", qty: "1")
            let fills = try await sim.get("/v2/account/activities/FILL")
            let fillFixture = try SimFixtures.alpaca("account_activities_fill.json").arrayValue![1]
            #expect(fills.array.count == 1)
            #expect(Self.differences(fills.array[0], fillFixture) == [])
            let canceled = try await sim.delete("/v2/orders")
            #expect(canceled.status == 207)
            let cancelFixture = try SimFixtures.alpaca("cancel_all_orders_207.json").arrayValue![0]
            #expect(canceled.array.count == 1)
            #expect(Self.differences(canceled.array[0], cancelFixture) == [])
        }
    }

    @Test func barsMatchTheDataFixtures() async throws {
        try await withSimulator(SimulatorConfig(clock: ClockConfig(startIndex: 5))) { sim async throws in
            let multi = try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Day&start=2021-03-01&limit=2")
            let fixture = try SimFixtures.alpaca("bars_multi_paged_1.json")
            #expect(multi.keys == fixture.keys)
            let bar = try #require(multi["bars"]?["SPY"]?.arrayValue?.first)
            #expect(Self.differences(bar, fixture["bars"]!["META"]!.arrayValue![0]) == [])
            #expect(multi["next_page_token"]?.kind == "string")

            let single = try await sim.get("/v2/stocks/SPY/bars?timeframe=1Day&start=2021-03-01&limit=1")
            #expect(single.keys == (try SimFixtures.alpaca("bars_single.json")).keys)
            let empty = try await sim.get("/v2/stocks/SPY/bars?timeframe=1Day&start=2020-01-01&end=2020-01-31")
            #expect(empty.json == .object(["bars": .null, "symbol": .string("SPY"), "next_page_token": .null]))
            let emptyMulti = try await sim.get("/v2/stocks/bars?symbols=SPY,NOPE&timeframe=1Day&start=2020-01-01&end=2020-01-31")
            #expect(emptyMulti.json == (try SimFixtures.alpaca("bars_multi_empty.json")))

            let latest = try await sim.get("/v2/stocks/SPY/bars/latest")
            #expect(latest.keys == (try SimFixtures.alpaca("bars_latest_single.json")).keys)
            let latestMulti = try await sim.get("/v2/stocks/bars/latest?symbols=SPY,AAPL")
            #expect(latestMulti.keys == (try SimFixtures.alpaca("bars_latest_multi.json")).keys)
            #expect(latestMulti["bars"]?.keys == ["AAPL", "SPY"])
        }
    }

    @Test func closePositionReturnsAnOrder() async throws {
        try await withSimulator { sim async throws in
            _ = try await sim.buy("AAPL", qty: "3")
            sim.simulator.advance()
            let closed = try await sim.delete("/v2/positions/AAPL")
            #expect(closed.status == 200)
            #expect(Self.differences(closed.json, try SimFixtures.alpaca("close_position_order.json"),
                                     ignoring: ["source", "subtag", "expires_at", "position_intent"], nullable: ["qty", "notional"]) == [])
            #expect(closed["side"] == .string("sell"))
            #expect(closed["qty"] == .string("3"))
            #expect(try await sim.delete("/v2/positions/SPY").status == 404)
        }
    }
}
