import Foundation

public enum SortDirection: String, Codable, Sendable {
    case asc, desc
}

/// Query of `GET /v2/orders`. `after`/`until` are exclusive and compare submission time.
public struct OrderQuery: Sendable, Equatable {
    public enum Status: String, Sendable {
        case open, closed, all
    }

    public static let maxLimit = 500

    public var status: Status
    public var limit: Int?
    public var after: Date?
    public var until: Date?
    public var direction: SortDirection?
    public var symbols: [String]
    public var nested: Bool?

    public init(status: Status = .open, limit: Int? = nil, after: Date? = nil, until: Date? = nil,
                direction: SortDirection? = nil, symbols: [String] = [], nested: Bool? = nil) {
        self.status = status
        self.limit = limit
        self.after = after
        self.until = until
        self.direction = direction
        self.symbols = symbols
        self.nested = nested
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = [("status", status.rawValue)]
        if let limit { items.append(("limit", String(min(max(1, limit), Self.maxLimit)))) }
        if let after { items.append(("after", RFC3339.format(after))) }
        if let until { items.append(("until", RFC3339.format(until))) }
        if let direction { items.append(("direction", direction.rawValue)) }
        if !symbols.isEmpty { items.append(("symbols", symbols.joined(separator: ","))) }
        if let nested { items.append(("nested", nested ? "true" : "false")) }
        return items
    }
}
