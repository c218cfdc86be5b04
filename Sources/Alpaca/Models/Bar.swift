import Foundation

/// A market-data bar. Market data sends plain JSON numbers (not strings) with one-letter keys.
/// `t` is the bar's start; daily bars are stamped at midnight New York (04:00Z or 05:00Z).
public struct Bar: Codable, Sendable, Equatable {
    public var time: Date
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double
    /// Trade count and VWAP: required in the current spec, absent from old examples.
    public var tradeCount: Int?
    public var vwap: Double?

    public init(time: Date, open: Double, high: Double, low: Double, close: Double, volume: Double,
                tradeCount: Int? = nil, vwap: Double? = nil) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.tradeCount = tradeCount
        self.vwap = vwap
    }

    enum CodingKeys: String, CodingKey {
        case time = "t", open = "o", high = "h", low = "l", close = "c", volume = "v"
        case tradeCount = "n", vwap = "vw"
    }

    /// Seconds since 1970-01-01 UTC, the unit `MarketData.BarSeries` stores.
    public var epochSeconds: Int64 { Int64(time.timeIntervalSince1970.rounded(.down)) }
}

/// Query of the multi-symbol `GET /v2/stocks/bars`. `limit` counts bars across all symbols
/// per page; the client follows `next_page_token` until the last page either way.
public struct BarsQuery: Sendable, Equatable {
    public var symbols: [String]
    /// `1Min`, `5Min`, `15Min`, `1Hour`, `1Day`, `1Week`, `1Month` (case-sensitive).
    public var timeframe: String
    public var start: Date?
    public var end: Date?
    public var limit: Int?
    /// `raw` (default), `split`, `dividend`, `spin-off`, `all`, or a comma list.
    public var adjustment: String?
    /// `sip`, `iex`, ...
    public var feed: String?
    public var sort: SortDirection?

    public static let maxLimit = 10_000

    public init(symbols: [String], timeframe: String, start: Date? = nil, end: Date? = nil, limit: Int? = nil,
                adjustment: String? = nil, feed: String? = nil, sort: SortDirection? = nil) {
        self.symbols = symbols
        self.timeframe = timeframe
        self.start = start
        self.end = end
        self.limit = limit
        self.adjustment = adjustment
        self.feed = feed
        self.sort = sort
    }

    func queryItems(pageToken: String?) -> [(String, String)] {
        var items: [(String, String)] = [("symbols", symbols.joined(separator: ",")), ("timeframe", timeframe)]
        if let start { items.append(("start", RFC3339.format(start))) }
        if let end { items.append(("end", RFC3339.format(end))) }
        if let limit { items.append(("limit", String(min(max(1, limit), Self.maxLimit)))) }
        if let adjustment { items.append(("adjustment", adjustment)) }
        if let feed { items.append(("feed", feed)) }
        if let sort { items.append(("sort", sort.rawValue)) }
        if let pageToken { items.append(("page_token", pageToken)) }
        return items
    }
}
