import Foundation
import Vocabulary

/// One order as the simulated broker keeps it, and its Alpaca JSON form.
struct SimOrder: Sendable {
    enum Side: String, Sendable { case buy, sell }
    enum Kind: String, Sendable { case market, limit }

    let id: String
    let clientOrderID: String
    let sequence: Int
    let symbol: String
    let assetID: String
    let side: Side
    let kind: Kind
    let timeInForce: String
    let qty: Decimal?
    let notional: Decimal?
    let limitPrice: Decimal?
    let extendedHours: Bool
    let submittedAt: Micros
    /// The timeline step during which the order arrived; it can fill from the next step on.
    let submitStep: Int
    /// For `day`, `ioc` and `fok` orders: the New York date of the session the order works in.
    let sessionDate: Int64?

    var status: String
    var updatedAt: Micros
    var filledQty: Decimal = 0
    var filledAvgPrice: Decimal?
    var filledAt: Micros?
    var canceledAt: Micros?
    var expiredAt: Micros?

    static let terminalStatuses: Set<String> = ["filled", "canceled", "expired", "rejected", "replaced"]

    var isOpen: Bool { !Self.terminalStatuses.contains(status) }

    /// Dollars this open buy order holds against buying power (limit price, else the last close).
    func reservedCost(lastClose: Decimal?) -> Decimal {
        guard isOpen, side == .buy else { return 0 }
        if let notional { return notional }
        return (qty ?? 0) * (limitPrice ?? lastClose ?? 0)
    }

    /// Shares this open sell order holds against the position (`held_for_orders`).
    func heldShares(lastClose: Decimal?) -> Decimal {
        guard isOpen, side == .sell else { return 0 }
        if let qty { return qty }
        guard let notional, let price = lastClose, price > 0 else { return 0 }
        return DecimalText.rounded(notional / price, scale: 9, mode: .down)
    }

    /// The fields of Alpaca's order object (the union of the fixtures' keys).
    var json: JSONValue {
        .object([
            "id": .string(id),
            "client_order_id": .string(clientOrderID),
            "created_at": .string(TimeText.utc(submittedAt)),
            "updated_at": .string(TimeText.utc(updatedAt)),
            "submitted_at": .string(TimeText.utc(submittedAt)),
            "filled_at": .string(filledAt.map(TimeText.utc)),
            "expired_at": .string(expiredAt.map(TimeText.utc)),
            "canceled_at": .string(canceledAt.map(TimeText.utc)),
            "failed_at": .null,
            "replaced_at": .null,
            "replaced_by": .null,
            "replaces": .null,
            "asset_id": .string(assetID),
            "symbol": .string(symbol),
            "asset_class": .string("us_equity"),
            "notional": .decimal(notional),
            "qty": .decimal(qty),
            "filled_qty": .decimal(filledQty),
            "filled_avg_price": .decimal(filledAvgPrice),
            "order_class": .string(""),
            "order_type": .string(kind.rawValue),
            "type": .string(kind.rawValue),
            "side": .string(side.rawValue),
            "time_in_force": .string(timeInForce),
            "limit_price": .decimal(limitPrice),
            "stop_price": .null,
            "status": .string(status),
            "extended_hours": .bool(extendedHours),
            "legs": .null,
            "trail_percent": .null,
            "trail_price": .null,
            "hwm": .null,
            "source": .null,
            "subtag": .null,
        ])
    }
}
