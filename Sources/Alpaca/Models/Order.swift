import Foundation
import Vocabulary

/// The order object returned by `POST/GET /v2/orders...`. Unknown fields are ignored and
/// every field that may be null or missing is optional.
///
/// A bracket, OTO or OCO order comes back with its exit orders in `legs` (in the answer to the
/// submission, and from look-ups with `nested=true`); a leg is an order of the same shape whose
/// `status` is `held` until its parent fills. Trailing stops carry `trail_percent` or
/// `trail_price`, the high-water mark `hwm` and the `stop_price` derived from both.
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
    public var orderClass: OrderClass?
    public var legs: [Order]?
    public var trailPercent: DecimalString?
    public var trailPrice: DecimalString?
    public var hwm: DecimalString?
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
        case id, symbol, side, type, status, qty, notional, replaces, legs, hwm
        case trailPercent = "trail_percent"
        case trailPrice = "trail_price"
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

    /// This order and its legs, parent first: what a restart looks through to find the exit
    /// orders Alpaca placed for a bracket (their ids are Alpaca's, see `ExitLeg`).
    public var group: [Order] { [self] + (legs ?? []).flatMap(\.group) }
}
