import Foundation
import Vocabulary

/// The body of `POST /v2/orders`: market, limit, stop, stop-limit and trailing-stop orders,
/// sized by share quantity or by dollar notional, simple or with exit legs (`bracket`, `oto`,
/// `oco`). `client_order_id` is always sent; it is what makes a retried submission safe
/// (API.md §2.4). `problem()` holds Alpaca's validation rules (OrderRequest+Validation.swift).
public struct OrderRequest: Sendable, Equatable, Encodable {
    public enum Amount: Sendable, Equatable {
        case qty(DecimalString)
        case notional(DecimalString)
    }

    public enum Kind: Sendable, Equatable {
        case market
        case limit(price: DecimalString)
        case stop(price: DecimalString)
        case stopLimit(stop: DecimalString, limit: DecimalString)
        case trailingStop(Trail)
    }

    /// Alpaca's current limit is 128, but older accounts enforced 48 (API.md §8.4).
    public static let maxClientOrderIdLength = 48

    public var symbol: String
    public var side: OrderSide
    public var amount: Amount
    public var kind: Kind
    public var timeInForce: TimeInForce
    public var clientOrderId: String
    public var extendedHours: Bool
    public var orderClass: OrderClass
    public var takeProfit: TakeProfit?
    public var stopLoss: StopLoss?

    /// Without a `clientOrderId` a random UUID is used; the engine passes a deterministic one
    /// derived from the decision so that a restart can never double an order.
    public init(symbol: String, side: OrderSide, amount: Amount, kind: Kind = .market,
                timeInForce: TimeInForce = .day, clientOrderId: String? = nil, extendedHours: Bool = false,
                orderClass: OrderClass = .simple, takeProfit: TakeProfit? = nil, stopLoss: StopLoss? = nil) {
        self.symbol = symbol
        self.side = side
        self.amount = amount
        self.kind = kind
        self.timeInForce = timeInForce
        self.clientOrderId = clientOrderId ?? UUID().uuidString.lowercased()
        self.extendedHours = extendedHours
        self.orderClass = orderClass
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
    }

    public var type: OrderType {
        switch kind {
        case .market: return .market
        case .limit: return .limit
        case .stop: return .stop
        case .stopLimit: return .stopLimit
        case .trailingStop: return .trailingStop
        }
    }

    /// The top-level `limit_price`, if the order type has one.
    public var limitPrice: DecimalString? {
        switch kind {
        case .limit(let price): return price
        case .stopLimit(_, let limit): return limit
        default: return nil
        }
    }

    /// The top-level `stop_price`, if the order type has one.
    public var stopPrice: DecimalString? {
        switch kind {
        case .stop(let price): return price
        case .stopLimit(let stop, _): return stop
        default: return nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case symbol, side, type, qty, notional
        case timeInForce = "time_in_force"
        case limitPrice = "limit_price"
        case stopPrice = "stop_price"
        case trailPercent = "trail_percent"
        case trailPrice = "trail_price"
        case clientOrderId = "client_order_id"
        case extendedHours = "extended_hours"
        case orderClass = "order_class"
        case takeProfit = "take_profit"
        case stopLoss = "stop_loss"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(symbol, forKey: .symbol)
        try container.encode(side, forKey: .side)
        try container.encode(type, forKey: .type)
        try container.encode(timeInForce, forKey: .timeInForce)
        switch amount {
        case .qty(let qty): try container.encode(qty, forKey: .qty)
        case .notional(let notional): try container.encode(notional, forKey: .notional)
        }
        try container.encodeIfPresent(limitPrice, forKey: .limitPrice)
        try container.encodeIfPresent(stopPrice, forKey: .stopPrice)
        switch kind {
        case .trailingStop(.percent(let value)): try container.encode(value, forKey: .trailPercent)
        case .trailingStop(.price(let value)): try container.encode(value, forKey: .trailPrice)
        default: break
        }
        try container.encode(clientOrderId, forKey: .clientOrderId)
        if extendedHours { try container.encode(true, forKey: .extendedHours) }
        // A simple order is sent as before, without the key: Alpaca's default.
        if !orderClass.isSimple { try container.encode(orderClass, forKey: .orderClass) }
        try container.encodeIfPresent(takeProfit, forKey: .takeProfit)
        try container.encodeIfPresent(stopLoss, forKey: .stopLoss)
    }
}
