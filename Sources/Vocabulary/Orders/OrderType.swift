/// How an order asks to be filled. `market`, `limit`, `stop` and `stop_limit` are what a
/// strategy's `order: { type: … }` may say; `trailing_stop` is what an exit becomes at the
/// broker (Alpaca holds it as its own order type), never a rule's entry order.
public enum OrderType: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case market
    case limit
    case stop
    case stopLimit = "stop_limit"
    case trailingStop = "trailing_stop"

    /// The types a rule's `order.type` accepts, in the order docs and did-you-mean list them.
    public static let entryTypes: [OrderType] = [.market, .limit, .stop, .stopLimit]

    /// Whether an order of this type needs a `limit` price.
    @inlinable public var needsLimitPrice: Bool { self == .limit || self == .stopLimit }

    /// Whether an order of this type needs a `stop` price.
    @inlinable public var needsStopPrice: Bool { self == .stop || self == .stopLimit }

    /// The word of YAML, records, reports and broker requests: `market`, `stop_limit`, …
    public var description: String { rawValue }

    /// In a sentence: "market", "limit", "stop", "stop-limit", "trailing stop".
    public var phrase: String {
        switch self {
        case .market: return "market"
        case .limit: return "limit"
        case .stop: return "stop"
        case .stopLimit: return "stop-limit"
        case .trailingStop: return "trailing stop"
        }
    }
}

/// How long an unfilled order rests: `day` (the next session only) or `gtc` (until canceled;
/// a strategy bounds it with `expire_bars`).
public enum TimeInForce: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case day
    case gtc

    public var description: String { rawValue }
}
