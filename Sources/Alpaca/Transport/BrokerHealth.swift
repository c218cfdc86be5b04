import Foundation

/// How the broker connection is doing, updated by every call: `healthy` when the last call
/// succeeded first time, `degraded` while calls need retries, `down` once retries ran out
/// (or the keys are refused). The engine reads it to fail closed and to recover on its own.
public struct BrokerHealth: Sendable, Equatable, CustomStringConvertible {
    public enum State: String, Sendable, Codable, Comparable {
        case healthy, degraded, down

        private var rank: Int {
            switch self {
            case .healthy: return 0
            case .degraded: return 1
            case .down: return 2
            }
        }

        public static func < (lhs: State, rhs: State) -> Bool { lhs.rank < rhs.rank }
    }

    public var state: State
    /// The last problem in plain words; nil while healthy.
    public var detail: String?
    /// Failed attempts since the last success.
    public var consecutiveFailures: Int
    public var updatedAt: Date?

    public init(state: State = .healthy, detail: String? = nil, consecutiveFailures: Int = 0, updatedAt: Date? = nil) {
        self.state = state
        self.detail = detail
        self.consecutiveFailures = consecutiveFailures
        self.updatedAt = updatedAt
    }

    public var description: String {
        detail.map { "\(state.rawValue): \($0)" } ?? state.rawValue
    }
}

/// Shared, lock-protected health; the executor and the order submitter report into it.
final class HealthMonitor: Sendable {
    private let box = Locked(BrokerHealth())

    var current: BrokerHealth { box.current }

    func succeeded(attempts: Int, at now: Date) {
        box.withLock { health in
            if attempts > 1 {
                health = BrokerHealth(state: .degraded, detail: "the last call needed \(attempts) attempts",
                                      consecutiveFailures: 0, updatedAt: now)
            } else {
                health = BrokerHealth(state: .healthy, consecutiveFailures: 0, updatedAt: now)
            }
        }
    }

    func attemptFailed(_ error: AlpacaError, at now: Date) {
        box.withLock { health in
            health.state = max(health.state, .degraded)
            health.detail = error.description
            health.consecutiveFailures += 1
            health.updatedAt = now
        }
    }

    func exhausted(_ error: AlpacaError, at now: Date) {
        box.withLock { health in
            health.state = .down
            health.detail = error.description
            health.updatedAt = now
        }
    }

    /// The broker answered with a final 4xx: it is reachable, so this is not an outage,
    /// unless it refuses the keys, in which case nothing can work until someone fixes them.
    func answered(_ error: AlpacaError, at now: Date) {
        box.withLock { health in
            if error.status == 401 {
                health = BrokerHealth(state: .down, detail: error.description, consecutiveFailures: 0, updatedAt: now)
            } else {
                health = BrokerHealth(state: .healthy, consecutiveFailures: 0, updatedAt: now)
            }
        }
    }
}
