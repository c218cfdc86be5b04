import Foundation

/// The order object returned by `POST/GET /v2/orders...`. Unknown fields are ignored and
/// every field that may be null or missing is optional.
public struct Order: Codable, Sendable, Equatable {
    public var id: String
    public var clientOrderId: String
    public var symbol: String
    public var assetId: String?
    public var assetClass: String?
    public var side: OrderSide
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var status: OrderStatus
    public var qty: DecimalString?
    public var notional: DecimalString?
    public var filledQty: DecimalString
    public var filledAvgPrice: DecimalString?
    public var limitPrice: DecimalString?
    public var stopPrice: DecimalString?
    public var orderClass: String?
    public var extendedHours: Bool?
    public var createdAt: Date
    public var updatedAt: Date?
    public var submittedAt: Date?
    public var filledAt: Date?
    public var expiredAt: Date?
    public var canceledAt: Date?
    public var failedAt: Date?
    public var replacedAt: Date?
    public var replacedBy: String?
    public var replaces: String?

    enum CodingKeys: String, CodingKey {
        case id, symbol, side, type, status, qty, notional, replaces
        case clientOrderId = "client_order_id"
        case assetId = "asset_id"
        case assetClass = "asset_class"
        case timeInForce = "time_in_force"
        case filledQty = "filled_qty"
        case filledAvgPrice = "filled_avg_price"
        case limitPrice = "limit_price"
        case stopPrice = "stop_price"
        case orderClass = "order_class"
        case extendedHours = "extended_hours"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case submittedAt = "submitted_at"
        case filledAt = "filled_at"
        case expiredAt = "expired_at"
        case canceledAt = "canceled_at"
        case failedAt = "failed_at"
        case replacedAt = "replaced_at"
        case replacedBy = "replaced_by"
    }
}
