import Foundation

/// Attempts and elapsed time of one logical call, and the wait before its next attempt.
struct RetryBudget {
    let policy: RetryPolicy
    let scheduling: RetryScheduling
    let started: Date
    private(set) var attempts = 0

    init(policy: RetryPolicy, scheduling: RetryScheduling) {
        self.policy = policy
        self.scheduling = scheduling
        self.started = scheduling.now()
    }

    mutating func startAttempt() {
        attempts += 1
    }

    /// Nil when the error is final or the budget (attempts or deadline) is spent.
    func delay(after error: AlpacaError) -> Duration? {
        guard error.isRetryable, attempts < policy.maxAttempts else { return nil }
        var wait = policy.backoff(afterAttempt: attempts, random: scheduling.random())
        if let requested = error.retryAfter {
            wait = min(requested, policy.maxRateLimitDelay)
        }
        let elapsed = scheduling.now().timeIntervalSince(started)
        guard elapsed + wait.inSeconds <= policy.totalDeadline.inSeconds else { return nil }
        return wait
    }
}
