import Foundation
import Testing
@testable import Alpaca

/// Retries, backoff delays (through the injected sleep), rate limits, timeouts, dropped
/// connections and the health state.
@Suite struct ClientRetryTests {
    @Test func serverErrorBurstIsRetriedWithBackoff() async throws {
        try await Harness.run { h in
            h.server.script("GET /v2/clock", [.reply(503, #"{"message":"Service Unavailable"}"#),
                                               .reply(500, #"{"message":"Internal Server Error"}"#)])
            h.server.setDefault("GET /v2/clock", .fixture("clock.json"))
            #expect(try await h.client.clock().isOpen)
            #expect(h.server.requests("GET /v2/clock").count == 3)
            #expect(h.clock.sleeps == [.milliseconds(100), .milliseconds(200)])
            #expect(h.client.health.state == .degraded)
            #expect(h.logs.lines.filter { $0.contains("retrying") }.count == 2)

            _ = try await h.client.clock()
            #expect(h.client.health.state == .healthy)
        }
    }

    @Test func exhaustedRetriesMarkTheBrokerDownUntilItAnswers() async throws {
        try await Harness.run { h in
            h.server.script("GET /v2/account", Array(repeating: .reply(503, #"{"message":"unavailable"}"#), count: 4))
            h.server.setDefault("GET /v2/account", .fixture("account.json"))
            await #expect {
                _ = try await h.client.account()
            } throws: { error in
                let error = error as! AlpacaError
                return error.status == 503 && error.attempts == 4 && error.isRetryable
                    && error.description.contains("after 4 attempts")
            }
            #expect(h.server.requests.count == 4)
            #expect(h.clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
            #expect(h.client.health.state == .down)
            #expect(h.client.health.detail?.contains("503") == true)
            #expect(h.logs.lines.contains { $0.hasPrefix("error") && $0.contains("giving up") })

            _ = try await h.client.account()
            #expect(h.client.health.state == .healthy)
        }
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        try await Harness.run { h in
            h.server.script("GET /v2/clock", [.alpacaError("rate_limited", headers: ["Retry-After": "7"])])
            h.server.setDefault("GET /v2/clock", .fixture("clock.json"))
            _ = try await h.client.clock()
            #expect(h.clock.sleeps == [.seconds(7)])
        }
    }

    @Test func tooManyRequestsHonoursRateLimitReset() async throws {
        try await Harness.run { h in
            let reset = Int(h.clock.now.timeIntervalSince1970) + 12
            h.server.script("GET /v2/clock", [.alpacaError("rate_limited", headers: [
                "X-RateLimit-Limit": "200", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "\(reset)",
            ])])
            h.server.setDefault("GET /v2/clock", .fixture("clock.json"))
            _ = try await h.client.clock()
            // The 12 s wait comes from the 429; the pacing check before the retry finds the window over.
            #expect(h.clock.sleeps == [.seconds(12)])
            #expect(h.server.requests.count == 2)
        }
    }

    @Test func tooManyRequestsWithoutHeadersFallsBackToBackoff() async throws {
        try await Harness.run { h in
            h.server.script("GET /v2/clock", [.alpacaError("rate_limited"), .alpacaError("rate_limited")])
            h.server.setDefault("GET /v2/clock", .fixture("clock.json"))
            _ = try await h.client.clock()
            #expect(h.clock.sleeps == [.milliseconds(100), .milliseconds(200)])
        }
    }

    @Test(arguments: [("unauthorized_bad_keys", 401), ("forbidden_wrong_environment", 403),
                      ("order_not_found", 404), ("qty_or_notional_required", 422)])
    func clientErrorsAreNeverRetried(_ scenario: String, _ status: Int) async throws {
        try await Harness.run { h in
            h.server.setDefault("GET /v2/account", .alpacaError(scenario))
            await #expect {
                _ = try await h.client.account()
            } throws: { error in
                let error = error as! AlpacaError
                return error.status == status && !error.isRetryable && error.attempts == 1
            }
            #expect(h.server.requests.count == 1)
            #expect(h.clock.sleeps.isEmpty)
            #expect(h.client.health.state == (status == 401 ? .down : .healthy))
        }
    }

    @Test func slowResponsePastTheTimeoutIsRetried() async throws {
        // Wide margins: other tests can hold the task pool for seconds on two cores, and the
        // retry's fast answer must still land inside its timeout. The slow answer stops early
        // when the server does.
        let timeouts = Timeouts(connect: .seconds(5), request: .seconds(5))
        try await Harness.run(timeouts: timeouts) { h in
            h.server.script("GET /v2/clock", [.slow(.seconds(120), then: .fixture("clock.json"))])
            h.server.setDefault("GET /v2/clock", .fixture("clock.json"))
            _ = try await h.client.clock()
            #expect(h.server.requests("GET /v2/clock").count == 2)
            #expect(h.clock.sleeps == [.milliseconds(100)])
            #expect(h.logs.lines.contains { $0.contains("no answer within the request timeout") })
        }
    }

    @Test func droppedConnectionIsRetried() async throws {
        try await Harness.run { h in
            h.server.script("GET /v2/positions", [.drop, .drop])
            h.server.setDefault("GET /v2/positions", .fixture("positions.json"))
            let positions = try await h.client.positions()
            #expect(positions.count == 2)
            #expect(h.server.requests("GET /v2/positions").count == 3)
            #expect(h.clock.sleeps.count == 2)
            #expect(h.logs.lines.contains { $0.contains("connection problem") })
        }
    }

    @Test func totalDeadlineStopsRetriesEarly() async throws {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), multiplier: 2, maxDelay: .seconds(1),
                                 maxAttempts: 10, totalDeadline: .milliseconds(250), jitter: 0)
        try await Harness.run(retry: policy) { h in
            h.server.setDefault("GET /v2/clock", .reply(502, "<html>bad gateway</html>"))
            await #expect {
                _ = try await h.client.clock()
            } throws: { error in
                let error = error as! AlpacaError
                return error.status == 502 && error.attempts == 2 && error.message == "<html>bad gateway</html>"
            }
            #expect(h.clock.sleeps == [.milliseconds(100)])
        }
    }

    @Test func lowRemainingQuotaSlowsRequestsDown() async throws {
        try await Harness.run(rateLimitReserve: 5) { h in
            let reset = Int(h.clock.now.timeIntervalSince1970) + 40
            h.server.script("GET /v2/clock", [
                .fixture("clock.json", headers: ["X-RateLimit-Limit": "200", "X-RateLimit-Remaining": "3",
                                                 "X-RateLimit-Reset": "\(reset)"]),
                .fixture("clock.json", headers: ["X-RateLimit-Limit": "200", "X-RateLimit-Remaining": "0",
                                                 "X-RateLimit-Reset": "\(reset)"]),
            ])
            h.server.setDefault("GET /v2/clock", .fixture("clock.json"))
            _ = try await h.client.clock()
            #expect(h.clock.sleeps.isEmpty)
            #expect(h.client.rateLimit(for: .trading)?.remaining == 3)
            _ = try await h.client.clock()
            #expect(h.clock.sleeps == [.seconds(10)])  // 40 s left shared by 3 + 1 requests
            _ = try await h.client.clock()
            #expect(h.clock.sleeps == [.seconds(10), .seconds(30)])  // quota gone: wait out the window
        }
    }
}
