import Foundation

/// Exponential backoff with jitter and a cap. Attempt `n` (1-based) that failed waits
/// `min(maxDelay, baseDelay * multiplier^(n-1))`, of which the last `jitter` fraction is
/// randomised so that many clients recovering together do not retry in lock-step.
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelay: Duration
    public var multiplier: Double
    public var maxDelay: Duration
    /// Attempts in all, the first one included; 1 means never retry.
    public var maxAttempts: Int
    /// No retry starts after this much time since the first attempt.
    public var totalDeadline: Duration
    /// 0 = no jitter, 1 = "full jitter" (anything between zero and the computed delay).
    public var jitter: Double
    /// Upper bound on a wait asked for by the server (`Retry-After`, `X-RateLimit-Reset`).
    public var maxRateLimitDelay: Duration

    public init(baseDelay: Duration = .milliseconds(500),
                multiplier: Double = 2,
                maxDelay: Duration = .seconds(8),
                maxAttempts: Int = 5,
                totalDeadline: Duration = .seconds(60),
                jitter: Double = 0.5,
                maxRateLimitDelay: Duration = .seconds(60)) {
        self.baseDelay = baseDelay
        self.multiplier = max(1, multiplier)
        self.maxDelay = maxDelay
        self.maxAttempts = max(1, maxAttempts)
        self.totalDeadline = totalDeadline
        self.jitter = min(1, max(0, jitter))
        self.maxRateLimitDelay = maxRateLimitDelay
    }

    public static let standard = RetryPolicy()
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The wait after failed attempt number `attempt`; `random` is in `0..<1`.
    public func backoff(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let uncapped = baseDelay.inSeconds * pow(multiplier, exponent)
        let capped = min(maxDelay.inSeconds, uncapped)
        let randomised = capped * (1 - jitter) + capped * jitter * min(1, max(0, random))
        return .clampedSeconds(randomised)
    }
}

/// Per-attempt time limits. A response slower than `request` counts as a timeout and is retried.
public struct Timeouts: Sendable, Equatable {
    public var connect: Duration
    public var request: Duration

    public init(connect: Duration = .seconds(5), request: Duration = .seconds(15)) {
        self.connect = connect
        self.request = request
    }
}

/// Time and randomness used by retries, injectable so tests run instantly and deterministically.
public struct RetryScheduling: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Uniform in `0..<1`; used only for backoff jitter.
    public var random: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Date,
                sleep: @escaping @Sendable (Duration) async throws -> Void,
                random: @escaping @Sendable () -> Double) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    public static let live = RetryScheduling(
        now: { Date() },
        sleep: { try await Task.sleep(for: $0) },
        random: { Double.random(in: 0..<1) }
    )
}
