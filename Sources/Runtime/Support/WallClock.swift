import Foundation

/// The time of day as the machine knows it: the one source of "now" in the Runtime target.
/// A live run is given one (`LiveRunner.Options.wallClock`; a test passes a fixed one) and
/// its components share it through `RunClock`. It stamps the audit records' `wall`, the
/// status file's times and approval changes made by the run, and paces the reconciliation
/// that is due by time. What time it is at the exchange is the broker's answer
/// (`BrokerClock`), never this.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// Read at the moment it is asked, by whoever uses the value: a time taken before a slow
    /// call is stale after it.
    public var now: Date { read() }

    /// The machine's clock.
    public static let system = WallClock { Date.now }

    /// A clock that always says `date` (tests: every time the run records is then known).
    public static func fixed(_ date: Date) -> WallClock {
        WallClock { date }
    }
}
