import Foundation

/// The exit legs of a `bracket`, `oto` or `oco` order (`take_profit`, `stop_loss`) and the
/// trail of a `trailing_stop` order, as `POST /v2/orders` takes them (API.md §2.3).
public struct TakeProfit: Sendable, Equatable, Encodable {
    public var limitPrice: DecimalString

    public init(limitPrice: DecimalString) {
        self.limitPrice = limitPrice
    }

    enum CodingKeys: String, CodingKey {
        case limitPrice = "limit_price"
    }
}

/// A stop loss leg: a stop order at `stopPrice`, or a stop-limit order when `limitPrice` is set.
public struct StopLoss: Sendable, Equatable, Encodable {
    public var stopPrice: DecimalString
    public var limitPrice: DecimalString?

    public init(stopPrice: DecimalString, limitPrice: DecimalString? = nil) {
        self.stopPrice = stopPrice
        self.limitPrice = limitPrice
    }

    enum CodingKeys: String, CodingKey {
        case stopPrice = "stop_price"
        case limitPrice = "limit_price"
    }
}

/// How far a trailing stop follows the high-water mark: `trail_percent` or `trail_price`.
public enum Trail: Sendable, Equatable {
    case percent(DecimalString)
    case price(DecimalString)

    public var value: DecimalString {
        switch self {
        case .percent(let value), .price(let value): return value
        }
    }
}

/// The exit orders the bot itself places for a position, and the client order id each gets.
///
/// Idempotency: the id is the entry's client order id and a fixed suffix (`algobot-…-sl`), so a
/// restart that finds the entry filled asks Alpaca for `<entry id>-ts` before it places a
/// trailing stop, and never places it twice. Alpaca does not take client order ids for the legs
/// of a bracket, OTO or OCO order (`take_profit` and `stop_loss` carry prices only) and gives
/// those legs ids of its own; a restart finds them through the parent: look the parent up by
/// its client order id, then `GET /v2/orders/{id}?nested=true` and read `legs`
/// (`AlpacaClient.orderGroup(clientOrderId:)`).
public enum ExitLeg: String, Sendable, CaseIterable {
    /// A stop order placed on its own (one the bot sends after the entry filled).
    case stopLoss = "sl"
    /// A limit order placed on its own.
    case takeProfit = "tp"
    /// A `trailing_stop` order, placed when the entry fills (Alpaca refuses it in a bracket).
    case trailingStop = "ts"
    /// An `oco` pair (take profit and stop loss) placed for a position already held.
    case exitPair = "oco"

    /// `<parent client order id>-<suffix>`: at most 4 characters longer than the parent's.
    public func clientOrderId(parent: String) -> String {
        parent + "-" + rawValue
    }
}
