import Foundation
import Testing
@testable import Alpaca

@Suite struct RetryPolicyTests {
    @Test func backoffGrowsExponentiallyUpToTheCap() {
        let policy = RetryPolicy(baseDelay: .milliseconds(250), multiplier: 2, maxDelay: .seconds(2), jitter: 0)
        let delays = (1...6).map { policy.backoff(afterAttempt: $0, random: 0.9) }
        #expect(delays == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(2), .seconds(2)])
    }

    @Test func jitterStaysWithinItsFraction() {
        let policy = RetryPolicy(baseDelay: .seconds(1), multiplier: 3, maxDelay: .seconds(10), jitter: 0.5)
        #expect(policy.backoff(afterAttempt: 2, random: 0) == .milliseconds(1500))
        #expect(policy.backoff(afterAttempt: 2, random: 0.5) == .milliseconds(2250))
        #expect(policy.backoff(afterAttempt: 2, random: 0.999_999) <= .seconds(3))
        let full = RetryPolicy(baseDelay: .seconds(1), jitter: 1)
        #expect(full.backoff(afterAttempt: 1, random: 0) == .zero)
    }

    @Test func budgetStopsAtMaxAttemptsDeadlineAndFinalErrors() {
        let clock = TestClock()
        let policy = RetryPolicy(baseDelay: .seconds(1), multiplier: 2, maxDelay: .seconds(30), maxAttempts: 3,
                                 totalDeadline: .seconds(100), jitter: 0)
        var budget = RetryBudget(policy: policy, scheduling: clock.scheduling)
        let serverError = AlpacaError(kind: .http(status: 503), method: "GET", path: "/v2/clock")
        budget.startAttempt()
        #expect(budget.delay(after: serverError) == .seconds(1))
        #expect(budget.delay(after: AlpacaError(kind: .http(status: 422), method: "GET", path: "/")) == nil)
        budget.startAttempt()
        #expect(budget.delay(after: serverError) == .seconds(2))
        budget.startAttempt()
        #expect(budget.delay(after: serverError) == nil)

        var short = RetryBudget(policy: RetryPolicy(baseDelay: .seconds(4), totalDeadline: .seconds(5), jitter: 0),
                                scheduling: clock.scheduling)
        short.startAttempt()
        #expect(short.delay(after: serverError) == .seconds(4))
        clock.sleep(.seconds(2))
        #expect(short.delay(after: serverError) == nil)  // 2 s elapsed + 4 s wait > 5 s deadline

        var limited = RetryBudget(policy: policy, scheduling: clock.scheduling)
        limited.startAttempt()
        let rateLimited = AlpacaError(kind: .http(status: 429), method: "GET", path: "/", retryAfter: .seconds(90))
        #expect(limited.delay(after: rateLimited) == .seconds(60))  // capped by maxRateLimitDelay
        let soon = AlpacaError(kind: .http(status: 429), method: "GET", path: "/", retryAfter: .seconds(7))
        #expect(limited.delay(after: soon) == .seconds(7))
    }

    @Test func retryableClassification() {
        func error(_ kind: AlpacaError.Kind) -> AlpacaError { AlpacaError(kind: kind, method: "GET", path: "/") }
        #expect(error(.timeout).isRetryable)
        #expect(error(.connection("reset")).isRetryable)
        for status in [429, 500, 502, 503, 504] { #expect(error(.http(status: status)).isRetryable) }
        for status in [400, 401, 403, 404, 409, 422] { #expect(!error(.http(status: status)).isRetryable) }
        #expect(!error(.invalidResponse("x")).isRetryable)
        #expect(!error(.invalidRequest("x")).isRetryable)
    }
}

@Suite struct RateLimitTrackerTests {
    private func headers(_ values: [String: String]) -> (String) -> String? {
        { name in values.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    @Test func pacesOnlyNearTheEndOfTheQuota() {
        let tracker = RateLimitTracker()
        let now = Date(timeIntervalSince1970: 1_000)
        let host = "h:1"
        tracker.record(host: host, header: headers(["X-RateLimit-Limit": "200", "X-RateLimit-Remaining": "150",
                                                    "X-RateLimit-Reset": "1030"]))
        #expect(tracker.snapshot(host: host) == RateLimitSnapshot(limit: 200, remaining: 150,
                                                                  reset: Date(timeIntervalSince1970: 1030)))
        #expect(tracker.delayBeforeRequest(host: host, now: now, reserve: 5, maxDelay: .seconds(60)) == nil)
        #expect(tracker.snapshot(host: host)?.remaining == 149)

        tracker.record(host: host, header: headers(["X-RateLimit-Remaining": "2", "X-RateLimit-Reset": "1030"]))
        #expect(tracker.delayBeforeRequest(host: host, now: now, reserve: 5, maxDelay: .seconds(60)) == .seconds(10))

        tracker.record(host: host, header: headers(["X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1045"]))
        #expect(tracker.delayBeforeRequest(host: host, now: now, reserve: 5, maxDelay: .seconds(60)) == .seconds(45))
        #expect(tracker.delayBeforeRequest(host: host, now: now, reserve: 5, maxDelay: .seconds(60)) == nil)

        tracker.record(host: host, header: headers(["X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "990"]))
        #expect(tracker.delayBeforeRequest(host: host, now: now, reserve: 5, maxDelay: .seconds(60)) == nil)

        tracker.record(host: host, header: headers([:]))  // no headers: nothing learned, nothing forgotten
        #expect(tracker.delayBeforeRequest(host: "other:2", now: now, reserve: 5, maxDelay: .seconds(60)) == nil)
    }

    @Test func serverRequestedDelayPrefersRetryAfter() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RateLimitTracker.serverRequestedDelay(
            header: headers(["Retry-After": "3", "X-RateLimit-Reset": "1700000050"]), now: now) == .seconds(3))
        #expect(RateLimitTracker.serverRequestedDelay(
            header: headers(["X-RateLimit-Reset": "1700000050"]), now: now) == .seconds(50))
        #expect(RateLimitTracker.serverRequestedDelay(
            header: headers(["Retry-After": "Tue, 14 Nov 2023 22:13:40 GMT"]), now: now) == .seconds(20))
        #expect(RateLimitTracker.serverRequestedDelay(header: headers([:]), now: now) == nil)
        #expect(RateLimitTracker.serverRequestedDelay(
            header: headers(["X-RateLimit-Reset": "1699999990"]), now: now) == nil)
    }
}
