import AsyncHTTPClient
import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

@Suite struct FaultInjectionTests {
    static func plan(_ rules: FaultRule..., seed: UInt64 = 0) -> SimulatorConfig {
        SimulatorConfig(faults: FaultPlan(seed: seed, rules: rules))
    }

    static let order: [String: Any] = ["symbol": "SPY", "qty": "1", "side": "buy", "type": "market", "time_in_force": "day"]

    @Test func serverErrorBurstHitsOnlyTheNumberedRequestsOfItsPath() async throws {
        let config = Self.plan(FaultRule(kind: .serverError, status: 503, pathPrefix: "/v2/clock", fromRequest: 2, toRequest: 3))
        try await withSimulator(config) { sim async throws in
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await sim.get("/v2/clock").status)
                #expect(try await sim.get("/v2/account").status == 200)
            }
            #expect(statuses == [200, 503, 503, 200])
            let fired = sim.simulator.state().faultsFired
            #expect(fired.map(\.requestNumber) == [3, 5])
            #expect(fired.allSatisfy { $0.kind == .serverError && $0.path == "/v2/clock" })
        }
    }

    @Test func serverErrorBodyAndRateLimitHeaders() async throws {
        try await withSimulator(Self.plan(FaultRule(kind: .serverError, status: 500, maxFires: 1))) { sim async throws in
            let reply = try await sim.get("/v2/account")
            #expect(reply.status == 500)
            #expect(reply.json == .object(["message": .string("Internal Server Error")]))
            #expect(reply.header("X-RateLimit-Limit") == "200")
            #expect(try await sim.get("/v2/account").status == 200)
        }
    }

    @Test func probabilisticFaultsRepeatExactlyWithTheSameSeed() async throws {
        let config = Self.plan(FaultRule(kind: .serverError, probability: 0.3), seed: 42)
        var runs: [[Int]] = []
        for _ in 0..<2 {
            try await withSimulator(config) { sim async throws in
                var statuses: [Int] = []
                for _ in 0..<40 { statuses.append(try await sim.get("/v2/clock").status) }
                runs.append(statuses)
            }
        }
        #expect(runs[0] == runs[1])
        let failures = runs[0].filter { $0 == 503 }.count
        #expect(failures >= 4 && failures <= 24)
    }

    @Test func injected429LooksLikeAnExhaustedQuota() async throws {
        try await withSimulator(Self.plan(FaultRule(kind: .rateLimit, fromRequest: 1, toRequest: 1))) { sim async throws in
            let reply = try await sim.get("/v2/account")
            #expect(reply.status == 429)
            #expect(reply.json == (try SimFixtures.errorBody("rate_limited")))
            #expect(reply.header("X-RateLimit-Remaining") == "0")
            #expect(try await sim.get("/v2/account").status == 200)
        }
    }

    @Test func slowResponseOutlastsTheClientTimeoutButTheOrderLands() async throws {
        // The answer is held 10 s and the client gives up after 0.15 s; "well before the
        // answer" is checked with a margin wide enough for a loaded two-core machine.
        let config = Self.plan(FaultRule(kind: .slowResponse, delayMilliseconds: 10_000, method: "POST", maxFires: 1))
        try await withSimulator(config) { sim async throws in
            var body = Self.order
            body["client_order_id"] = "slow-1"
            let started = Date()
            await #expect(throws: (any Error).self) {
                _ = try await sim.post("/v2/orders", body, timeout: 150)
            }
            #expect(Date().timeIntervalSince(started) < 8)
            // The server handles the order and then holds the answer; on a loaded machine the
            // handling itself can finish after the client gave up, so look for it for a while.
            var found = try await sim.get("/v2/orders:by_client_order_id?client_order_id=slow-1")
            for _ in 0..<40 where found.status != 200 {
                try await Task.sleep(nanoseconds: 50_000_000)
                found = try await sim.get("/v2/orders:by_client_order_id?client_order_id=slow-1")
            }
            #expect(found.status == 200)
            let fast = try await sim.get("/v2/clock", timeout: 2000)
            #expect(fast.status == 200)
        }
    }

    @Test func droppedConnectionNeverReachesTheBroker() async throws {
        let config = Self.plan(FaultRule(kind: .dropConnection, pathPrefix: "/v2/orders", method: "POST", maxFires: 1))
        try await withSimulator(config) { sim async throws in
            var body = Self.order
            body["client_order_id"] = "dropped-1"
            await #expect(throws: (any Error).self) { _ = try await sim.post("/v2/orders", body) }
            #expect(sim.simulator.state().orders.isEmpty)
            #expect(try await sim.get("/v2/orders:by_client_order_id?client_order_id=dropped-1").status == 404)
            #expect(try await sim.post("/v2/orders", body).status == 200)
        }
    }

    @Test func orderAcceptedButResponseLostByDroppedConnection() async throws {
        let config = Self.plan(FaultRule(kind: .responseLost, pathPrefix: "/v2/orders", method: "POST", fromRequest: 1, toRequest: 1))
        try await withSimulator(config) { sim async throws in
            var body = Self.order
            body["client_order_id"] = "lost-1"
            await #expect(throws: (any Error).self) { _ = try await sim.post("/v2/orders", body) }
            let state = sim.simulator.state()
            #expect(state.orders.map(\.clientOrderID) == ["lost-1"])
            #expect(state.faultsFired.map(\.kind) == [.responseLost])
            // The safe retry: look it up, and a blind resubmit is refused as a duplicate.
            #expect(try await sim.get("/v2/orders:by_client_order_id?client_order_id=lost-1")["status"] == .string("accepted"))
            #expect(try await sim.post("/v2/orders", body).json == (try SimFixtures.errorBody("duplicate_client_order_id")))
        }
    }

    @Test func orderAcceptedButAnswered504() async throws {
        let config = Self.plan(FaultRule(kind: .responseLost, status: 504, pathPrefix: "/v2/orders", method: "POST", maxFires: 1))
        try await withSimulator(config) { sim async throws in
            var body = Self.order
            body["client_order_id"] = "gateway-1"
            let reply = try await sim.post("/v2/orders", body)
            #expect(reply.status == 504)
            #expect(reply.json == .object(["message": .string("Gateway Timeout")]))
            #expect(sim.simulator.state().orders.count == 1)
        }
    }

    @Test func faultsCanBeReplacedAtRunTimeOverHTTP() async throws {
        try await withSimulator { sim async throws in
            #expect(try await sim.get("/v2/clock").status == 200)
            let plan = ["seed": 1, "rules": [["kind": "serverError", "status": 502, "pathPrefix": "/v2/clock"]]] as [String: Any]
            let set = try await sim.post("/sim/faults", plan)
            #expect(set.status == 200)
            #expect(try await sim.get("/v2/clock").status == 502)
            #expect(sim.simulator.faultPlan.rules.first?.status == 502)
            let bad = try await sim.post("/sim/faults", ["rules": [["kind": "serverError", "status": 404]]])
            #expect(bad.status == 400)
            #expect(bad["message"]?.stringValue?.contains("rule #1") == true)
            let unknownKind = try await sim.post("/sim/faults", ["rules": [["kind": "meteor"]]])
            #expect(unknownKind.status == 400)
            #expect(try await sim.post("/sim/faults", [String: Any]()).status == 200)
            #expect(try await sim.get("/v2/clock").status == 200)
        }
    }

    @Test func stateAndResetOverHTTP() async throws {
        try await withSimulator(Self.plan(FaultRule(kind: .serverError, pathPrefix: "/v2/account", fromRequest: 1, toRequest: 1))) { sim async throws in
            _ = try await sim.get("/v2/account")
            _ = try await sim.post("/v2/orders", Self.order)
            _ = try await sim.post("/sim/advance", ["bars": 2])
            let state = try await sim.get("/sim/state")
            #expect(state["barIndex"] == .int(2))
            #expect(state["requestCount"] == .int(2))
            #expect(state["requestsByRoute"]?["POST /v2/orders"] == .int(1))
            #expect(state["orders"]?.arrayValue?.first?["status"] == .string("filled"))
            #expect(state["faultsFired"]?.arrayValue?.count == 1)
            #expect(state["cash"]?.stringValue != "100000")
            #expect(state.data == (try await sim.get("/sim/state")).data)

            #expect(try await sim.post("/sim/reset", [String: Any]()).status == 200)
            let fresh = sim.simulator.state()
            #expect(fresh.barIndex == 0 && fresh.orders.isEmpty && fresh.cash == "100000" && fresh.requestCount == 0)
            // The configured faults come back with fresh counters.
            #expect(try await sim.get("/v2/account").status == 503)
        }
    }

    @Test func configFileWithFaultsLoads() throws {
        let config = try SimulatorConfig.load(contentsOf: SimFixtures.root.appendingPathComponent("config.json"))
        #expect(config.startingCash == 25000)
        #expect(config.rateLimitPerMinute == 120)
        #expect(config.clock.mode == .accelerated)
        #expect(config.faults.rules.map(\.kind) == [.serverError, .slowResponse, .responseLost])
        #expect(config.apiKeyID == SimulatorConfig.defaultKeyID)
        let broken = SimFixtures.root.appendingPathComponent("config-broken.json")
        #expect(throws: SimulatorError.self) { try SimulatorConfig.load(contentsOf: broken) }
        let bad = FaultPlan(rules: [FaultRule(kind: .slowResponse)])
        #expect(throws: SimulatorError.invalidFaultRule(index: 0, reason: "slowResponse needs delayMilliseconds > 0")) {
            try bad.validate()
        }
    }
}

@Suite struct DeterminismTests {
    /// The same bars, config and requests give byte-identical state: ids, prices, timestamps.
    @Test func twoRunsWithTheSameRequestsAgreeByteForByte() async throws {
        var snapshots: [Data] = []
        var firstIDs: [String] = []
        for _ in 0..<2 {
            try await withSimulator { sim async throws in
                _ = try await sim.buy("SPY", qty: "3", clientID: "d-1")
                _ = try await sim.post("/v2/orders", ["symbol": "AAPL", "notional": "250.5", "side": "buy", "type": "market",
                                                      "time_in_force": "day"])
                sim.simulator.advance(bars: 2)
                _ = try await sim.buy("SPY", qty: "1", side: "sell")
                sim.simulator.advance()
                firstIDs.append(try await sim.get("/v2/orders?status=all&direction=asc").array.first?["id"]?.stringValue ?? "")
                snapshots.append(try await sim.get("/sim/state").data)
            }
        }
        #expect(snapshots[0] == snapshots[1])
        #expect(firstIDs[0] == firstIDs[1] && SeededGenerator.isUUID(firstIDs[0]))
    }

    @Test func closeAllPositionsAnswers207PerSymbol() async throws {
        try await withSimulator { sim async throws in
            _ = try await sim.buy("SPY", qty: "2")
            _ = try await sim.buy("AAPL", qty: "1")
            sim.simulator.advance()
            let reply = try await sim.delete("/v2/positions?cancel_orders=true")
            #expect(reply.status == 207)
            #expect(reply.array.map { $0["symbol"] } == [.string("AAPL"), .string("SPY")])
            #expect(reply.array.allSatisfy { $0["status"] == .int(200) && $0["body"]?["side"] == .string("sell") })
            sim.simulator.advance()
            #expect(try await sim.get("/v2/positions").array.isEmpty)
        }
    }

    @Test func configDescriptionNeverShowsTheSecret() {
        let config = SimulatorConfig(apiSecretKey: "very-secret-value")
        #expect(!config.description.contains("very-secret-value"))
        #expect(!"\(config)".contains("very-secret-value"))
    }
}
