/// Alpaca's quota: `limit` requests per minute per API key, in fixed one-minute windows that
/// start with a key's first request. This is the one part of the simulator that runs on the
/// wall clock, because clients pace themselves in real time; the clock is injected for tests.
struct RateLimiter {
    struct Decision: Equatable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        /// Unix epoch seconds when the window resets (`X-RateLimit-Reset`).
        var reset: Int64
    }

    let limit: Int
    private var windows: [String: (start: Double, used: Int)] = [:]

    init(limit: Int) { self.limit = limit }

    var isEnabled: Bool { limit > 0 }

    mutating func take(key: String, now: Double) -> Decision {
        var window = windows[key] ?? (now, 0)
        if now >= window.start + 60 { window = (now, 0) }
        let allowed = window.used < limit
        if allowed { window.used += 1 }
        windows[key] = window
        return Decision(allowed: allowed, limit: limit, remaining: max(0, limit - window.used),
                        reset: Int64((window.start + 60).rounded(.up)))
    }

    func headers(_ decision: Decision) -> [(String, String)] {
        [("X-RateLimit-Limit", String(decision.limit)),
         ("X-RateLimit-Remaining", String(decision.remaining)),
         ("X-RateLimit-Reset", String(decision.reset))]
    }
}
