/// How patiently one notification is delivered: each attempt may take `timeout`; after a
/// failure (no answer, or a status other than 2xx) the next waits `firstDelay`, doubling up to
/// `maxDelay`; after `attempts` tries it is given up (and that is recorded).
public struct NotifyRetry: Sendable, Equatable {
    public var attempts: Int
    public var timeout: Duration
    public var firstDelay: Duration
    public var maxDelay: Duration

    public init(attempts: Int = 5, timeout: Duration = .seconds(10), firstDelay: Duration = .seconds(1),
                maxDelay: Duration = .seconds(60)) {
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    /// The pause after failed attempt `attempt` (1-based): firstDelay × 2^(attempt−1), at most maxDelay.
    public func delay(after attempt: Int) -> Duration {
        var delay = firstDelay
        for _ in 1..<max(1, attempt) {
            delay = delay * 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }
}
