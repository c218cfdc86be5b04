import Foundation

/// The last `X-RateLimit-*` values seen from one host.
public struct RateLimitSnapshot: Sendable, Equatable {
    public var limit: Int?
    public var remaining: Int?
    /// When the window resets (`X-RateLimit-Reset`, Unix epoch seconds).
    public var reset: Date?

    public init(limit: Int? = nil, remaining: Int? = nil, reset: Date? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }
}

/// Remembers the rate-limit headers of every response, per host (trading and market data
/// have separate quotas), and tells the next request how long to hold back so that the
/// quota is spread over the window instead of ending in a 429.
final class RateLimitTracker: Sendable {
    private let snapshots = Locked<[String: RateLimitSnapshot]>([:])

    func snapshot(host: String) -> RateLimitSnapshot? {
        snapshots.withLock { $0[host] }
    }

    func record(host: String, header: (String) -> String?) {
        let limit = header("X-RateLimit-Limit").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let remaining = header("X-RateLimit-Remaining").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let reset = header("X-RateLimit-Reset").flatMap(Self.epochDate)
        guard limit != nil || remaining != nil || reset != nil else { return }
        snapshots.withLock { $0[host] = RateLimitSnapshot(limit: limit, remaining: remaining, reset: reset) }
    }

    /// The pause before the next request to `host`: none while plenty of quota is left; when
    /// `remaining` is at or below `reserve`, an equal share of the time left in the window;
    /// when it is zero, the rest of the window. Counts the request against the quota.
    func delayBeforeRequest(host: String, now: Date, reserve: Int, maxDelay: Duration) -> Duration? {
        snapshots.withLock { all -> Duration? in
            guard var snapshot = all[host], let remaining = snapshot.remaining, let reset = snapshot.reset else {
                return nil
            }
            let windowLeft = reset.timeIntervalSince(now)
            guard windowLeft > 0 else {
                all[host] = nil  // the window is over; the next response tells us the new one
                return nil
            }
            let wait: Double
            if remaining <= 0 {
                wait = windowLeft
                snapshot.remaining = nil  // after waiting out the window the count is unknown
            } else if remaining <= reserve {
                wait = windowLeft / Double(remaining + 1)
                snapshot.remaining = remaining - 1
            } else {
                snapshot.remaining = remaining - 1
                all[host] = snapshot
                return nil
            }
            all[host] = snapshot
            return .clampedSeconds(min(wait, maxDelay.inSeconds))
        }
    }

    /// How long a 429 asks us to wait: `Retry-After` (seconds or an HTTP date) first, then
    /// `X-RateLimit-Reset`. Nil when neither is present or usable (headers may be missing).
    static func serverRequestedDelay(header: (String) -> String?, now: Date) -> Duration? {
        if let text = header("Retry-After")?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(text), seconds >= 0 { return .clampedSeconds(seconds) }
            if let date = httpDate(text) { return .clampedSeconds(date.timeIntervalSince(now)) }
        }
        if let reset = header("X-RateLimit-Reset").flatMap(epochDate) {
            let seconds = reset.timeIntervalSince(now)
            if seconds > 0 { return .clampedSeconds(seconds) }
        }
        return nil
    }

    static func epochDate(_ text: String) -> Date? {
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds > 0 else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
