import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

@Suite struct AuthAndRateLimitTests {
    @Test func missingKeysGetAlpacasUnauthorizedBody() async throws {
        try await withSimulator() { sim async throws in
            let reply = try await sim.get("/v2/account", auth: false)
            #expect(reply.status == (try SimFixtures.errorStatus("unauthorized_bad_keys")))
            #expect(reply.json == (try SimFixtures.errorBody("unauthorized_bad_keys")))
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
        }
    }

    @Test func wrongSecretIsRefusedAndCounted() async throws {
        try await withSimulator() { sim async throws in
            var sim = sim
            sim.secret = "not-the-secret"
            let reply = try await sim.get("/v2/orders")
            #expect(reply.status == 401)
            #expect(reply["code"] == .int(40110000))
            #expect(sim.simulator.state().unauthorizedCount == 1)
            #expect(sim.simulator.state().orders.isEmpty)
        }
    }

    @Test func dataEndpointsAnswerWithTheDataAPIsAuthBody() async throws {
        try await withSimulator() { sim async throws in
            let reply = try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Day", auth: false)
            #expect(reply.status == 401)
            #expect(reply.json == (try SimFixtures.errorBody("data_access_key_failed")))
        }
    }

    @Test func customKeysAreTheOnlyOnesAccepted() async throws {
        let config = SimulatorConfig(apiKeyID: "PKTEST", apiSecretKey: "s3cret")
        try await withSimulator(config) { sim async throws in
            #expect(try await sim.get("/v2/account").status == 401)
            var sim = sim
            sim.keyID = "PKTEST"
            sim.secret = "s3cret"
            #expect(try await sim.get("/v2/account").status == 200)
        }
    }

    @Test func everyResponseCarriesRateLimitHeaders() async throws {
        try await withSimulator(SimulatorConfig(rateLimitPerMinute: 50)) { sim async throws in
            let first = try await sim.get("/v2/clock")
            let second = try await sim.get("/v2/account")
            #expect(first.header("X-RateLimit-Limit") == "50")
            #expect(first.header("X-RateLimit-Remaining") == "49")
            #expect(second.header("X-RateLimit-Remaining") == "48")
            let reset = try #require(first.header("X-RateLimit-Reset").flatMap { Int64($0) })
            let now = Int64(Date().timeIntervalSince1970)
            #expect(reset > now && reset <= now + 61)
            #expect(second.header("X-RateLimit-Reset") == first.header("X-RateLimit-Reset"))
        }
    }

    @Test func exceedingTheLimitGets429WithAlpacasBody() async throws {
        try await withSimulator(SimulatorConfig(rateLimitPerMinute: 3)) { sim async throws in
            for _ in 0..<3 { #expect(try await sim.get("/v2/clock").status == 200) }
            let limited = try await sim.get("/v2/clock")
            #expect(limited.status == 429)
            #expect(limited.json == (try SimFixtures.errorBody("rate_limited")))
            #expect(limited.header("X-RateLimit-Remaining") == "0")
            #expect(limited.header("X-RateLimit-Limit") == "3")
            #expect(sim.simulator.state().rateLimitedCount == 1)
            // The market-data API has its own quota.
            #expect(try await sim.get("/v2/stocks/bars/latest?symbols=SPY").status == 200)
            // Control routes are never limited.
            #expect(try await sim.get("/sim/state").status == 200)
        }
    }

    @Test func rateLimitWindowsResetAfterAMinute() {
        var limiter = RateLimiter(limit: 2)
        #expect(limiter.take(key: "a", now: 1000).allowed)
        #expect(limiter.take(key: "a", now: 1001).allowed)
        let refused = limiter.take(key: "a", now: 1059)
        #expect(!refused.allowed && refused.reset == 1060)
        #expect(limiter.take(key: "b", now: 1059).allowed)
        let fresh = limiter.take(key: "a", now: 1060)
        #expect(fresh.allowed && fresh.remaining == 1 && fresh.reset == 1120)
    }

    @Test func limitZeroTurnsTheLimitOff() async throws {
        try await withSimulator(SimulatorConfig(rateLimitPerMinute: 0)) { sim async throws in
            let reply = try await sim.get("/v2/clock")
            #expect(reply.status == 200)
            #expect(reply.header("X-RateLimit-Limit") == nil)
        }
    }

    @Test func unknownPathsAndMethods() async throws {
        try await withSimulator() { sim async throws in
            #expect(try await sim.get("/v2/nothing-here").status == 404)
            #expect(try await sim.post("/v2/account", [String: String]()).status == 405)
            #expect(try await sim.get("/sim/unknown").status == 404)
        }
    }
}
