import Foundation
import Vocabulary

/// One order as the simulated broker keeps it, and its Alpaca JSON form. A bracket, OTO or
/// OCO order is a parent and its legs, each an order of its own in `SimExchange.orders`
/// linked by index (`parent`, `legs`), as Alpaca lists them.
struct SimOrder: Sendable {
    enum Side: String, Sendable {
        case buy, sell

        /// The same side in the words the shared fill rules use.
        var vocabulary: Vocabulary.Side { self == .buy ? .buy : .sell }
    }

    enum Kind: String, Sendable {
        case market, limit, stop
        case stopLimit = "stop_limit"
        case trailingStop = "trailing_stop"

        var orderType: OrderType {
            switch self {
            case .market: return .market
            case .limit: return .limit
            case .stop: return .stop
            case .stopLimit: return .stopLimit
            case .trailingStop: return .trailingStop
            }
        }
    }

    /// Which exit of a group an order is: the take profit (a limit; an OCO's parent too) or
    /// the stop loss (a stop or stop-limit).
    enum ExitRole: String, Sendable { case takeProfit, stopLoss }

    let id: String
    let clientOrderID: String
    let sequence: Int
    let symbol: String
    let assetID: String
    let side: Side
    let kind: Kind
    let timeInForce: String
    var qty: Decimal?
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
    /// Stop and stop-limit orders; for a trailing stop, the level derived from `hwm`.
    var stopPrice: Decimal?
    var trailPercent: Decimal?
    var trailPrice: Decimal?
    /// A trailing stop's high-water mark (the low-water mark for a buy).
    var hwm: Decimal?
    /// `""` for a simple order, else `bracket`, `oto` or `oco` (legs carry their parent's).
    var orderClass = ""
    var parent: Int?
    var legs: [Int] = []
    var exitRole: ExitRole?
    /// For an exit: the step from which it may fill. A bracket or OTO leg is `held` (nil here)
    /// until its parent fills, then active from the parent's fill bar on.
    var activeFrom: Int?
    /// On the `activeFrom` bar, the parent's fill price: the leg meets that bar from the fill
    /// on, so the fill price stands in for the open (docs/BACKTEST.md, the same rule).
    var activeOpen: Double?
    var filledQty: Decimal = 0
    var filledAvgPrice: Decimal?
    var filledAt: Micros?
    var canceledAt: Micros?
    var expiredAt: Micros?

    static let terminalStatuses: Set<String> = ["filled", "canceled", "expired", "rejected", "replaced"]

    var isOpen: Bool { !Self.terminalStatuses.contains(status) }

    /// Dollars this open buy order holds against buying power (limit or stop price, else the
    /// last close). Exit orders close a position and hold none.
    func reservedCost(lastClose: Decimal?) -> Decimal {
        guard isOpen, side == .buy, exitRole == nil else { return 0 }
        if let notional { return notional }
        return (qty ?? 0) * (limitPrice ?? stopPrice ?? lastClose ?? 0)
    }

    /// Shares this open sell order holds against the position (`held_for_orders`).
    /// A leg still `held` for its parent holds nothing yet.
    func heldShares(lastClose: Decimal?) -> Decimal {
        guard isOpen, side == .sell, status != "held" else { return 0 }
        if let qty { return qty }
        guard let notional, let price = lastClose, price > 0 else { return 0 }
        return DecimalText.rounded(notional / price, scale: 9, mode: .down)
    }

    /// The fields of Alpaca's order object (the union of the fixtures' keys), `legs` null;
    /// `SimExchange.json(of:nested:)` fills the legs in.
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
            "order_class": .string(orderClass),
            "order_type": .string(kind.rawValue),
            "type": .string(kind.rawValue),
            "side": .string(side.rawValue),
            "time_in_force": .string(timeInForce),
            "limit_price": .decimal(limitPrice),
            "stop_price": .decimal(stopPrice),
            "status": .string(status),
            "extended_hours": .bool(extendedHours),
            "legs": .null,
            "trail_percent": .decimal(trailPercent),
            "trail_price": .decimal(trailPrice),
            "hwm": .decimal(hwm),
            "source": .null,
            "subtag": .null,
        ])
    }
}
