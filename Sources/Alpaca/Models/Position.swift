import Foundation

/// `GET /v2/positions[/{symbol}]`. `qty` and `marketValue` are negative for shorts.
public struct Position: Codable, Sendable, Equatable {
    public enum Side: String, Codable, Sendable {
        case long, short
    }

    public var symbol: String
    public var assetId: String?
    public var exchange: String?
    public var assetClass: String?
    public var qty: DecimalString
    public var qtyAvailable: DecimalString?
    public var side: Side?
    public var avgEntryPrice: DecimalString
    public var costBasis: DecimalString?
    public var marketValue: DecimalString?
    public var currentPrice: DecimalString?
    public var lastdayPrice: DecimalString?
    public var changeToday: DecimalString?
    public var unrealizedPl: DecimalString?
    public var unrealizedPlpc: DecimalString?
    public var unrealizedIntradayPl: DecimalString?
    public var unrealizedIntradayPlpc: DecimalString?

    enum CodingKeys: String, CodingKey {
        case symbol, exchange, qty, side
        case assetId = "asset_id"
        case assetClass = "asset_class"
        case qtyAvailable = "qty_available"
        case avgEntryPrice = "avg_entry_price"
        case costBasis = "cost_basis"
        case marketValue = "market_value"
        case currentPrice = "current_price"
        case lastdayPrice = "lastday_price"
        case changeToday = "change_today"
        case unrealizedPl = "unrealized_pl"
        case unrealizedPlpc = "unrealized_plpc"
        case unrealizedIntradayPl = "unrealized_intraday_pl"
        case unrealizedIntradayPlpc = "unrealized_intraday_plpc"
    }
}
