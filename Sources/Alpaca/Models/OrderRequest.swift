import Foundation

/// The body of `POST /v2/orders` for the two order kinds the bot sends: market and limit,
/// sized by share quantity or by dollar notional. `client_order_id` is always sent; it is
/// what makes a retried submission safe (API.md §2.4).
public struct OrderRequest: Sendable, Equatable, Encodable {
    public enum Amount: Sendable, Equatable {
        case qty(DecimalString)
        case notional(DecimalString)
    }

    public enum Kind: Sendable, Equatable {
        case market
        case limit(price: DecimalString)
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

    /// Without a `clientOrderId` a random UUID is used; the engine passes a deterministic one
    /// derived from the decision so that a restart can never double an order.
    public init(symbol: String, side: OrderSide, amount: Amount, kind: Kind = .market,
                timeInForce: TimeInForce = .day, clientOrderId: String? = nil, extendedHours: Bool = false) {
        self.symbol = symbol
        self.side = side
        self.amount = amount
        self.kind = kind
        self.timeInForce = timeInForce
        self.clientOrderId = clientOrderId ?? UUID().uuidString.lowercased()
        self.extendedHours = extendedHours
    }

    public var type: OrderType {
        switch kind {
        case .market: return .market
        case .limit: return .limit
        }
    }

    /// The rules Alpaca enforces with a 422, checked before anything is sent. Returns the
    /// problem in plain words, or nil when the request is valid.
    public func problem() -> String? {
        if symbol.trimmingCharacters(in: .whitespaces).isEmpty { return "the order has no symbol" }
        if clientOrderId.isEmpty || clientOrderId.count > Self.maxClientOrderIdLength {
            return "client_order_id must be 1 to \(Self.maxClientOrderIdLength) characters "
                + "(got \(clientOrderId.count))"
        }
        switch amount {
        case .qty(let qty) where qty.decimal <= 0:
            return "qty must be greater than zero (got \(qty))"
        case .notional(let notional) where notional.decimal <= 0:
            return "notional must be greater than zero (got \(notional))"
        case .notional where type != .market || timeInForce != .day:
            return "a notional (dollar) order must be a market order with time_in_force day"
        default:
            break
        }
        if case .limit(let price) = kind, price.decimal <= 0 {
            return "limit price must be greater than zero (got \(price))"
        }
        if extendedHours && (type != .limit || ![.day, .gtc].contains(timeInForce)) {
            return "extended-hours orders must be limit orders with time_in_force day or gtc"
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case symbol, side, type, qty, notional
        case timeInForce = "time_in_force"
        case limitPrice = "limit_price"
        case clientOrderId = "client_order_id"
        case extendedHours = "extended_hours"
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
        if case .limit(let price) = kind { try container.encode(price, forKey: .limitPrice) }
        try container.encode(clientOrderId, forKey: .clientOrderId)
        if extendedHours { try container.encode(true, forKey: .extendedHours) }
    }
}
