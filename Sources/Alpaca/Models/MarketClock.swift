import Foundation

/// `GET /v2/clock`. Named `MarketClock` so that it does not shadow Swift's `Clock` protocol
/// in modules that import `Alpaca`.
public struct MarketClock: Codable, Sendable, Equatable {
    public var timestamp: Date
    public var isOpen: Bool
    public var nextOpen: Date
    public var nextClose: Date

    enum CodingKeys: String, CodingKey {
        case timestamp
        case isOpen = "is_open"
        case nextOpen = "next_open"
        case nextClose = "next_close"
    }
}

/// One item of `GET /v2/calendar`. Times are New York wall-clock text as Alpaca sends them.
public struct CalendarDay: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD`
    public var date: String
    /// `HH:MM` Eastern, early closes included.
    public var open: String
    public var close: String
    /// `HHMM` extended session bounds.
    public var sessionOpen: String?
    public var sessionClose: String?
    public var settlementDate: String?

    enum CodingKeys: String, CodingKey {
        case date, open, close
        case sessionOpen = "session_open"
        case sessionClose = "session_close"
        case settlementDate = "settlement_date"
    }
}
