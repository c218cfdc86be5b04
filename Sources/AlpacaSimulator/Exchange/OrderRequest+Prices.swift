import Foundation
import Vocabulary

/// The prices of an order (`limit_price`, `stop_price`, `trail_percent`/`trail_price`) and its
/// exit legs (`take_profit`, `stop_loss`), with Alpaca's rules: each price on its tick, the
/// legs each class needs, no trailing stop inside a class. What needs the market price (the
/// legs against the base price) is checked at submission, in `SimExchange.submit`.
extension OrderRequest {
    func readingPrices(_ f: JSONValue) -> Result<OrderRequest, APIError> {
        var request = self
        let simple = orderClass.isEmpty
        do {
            let limit = try Self.price(f["limit_price"], "limit_price")
            let stop = try Self.price(f["stop_price"], "stop_price")
            let trailPrice = try Self.price(f["trail_price"], "trail_price", tick: false)
            let trailPercent = try Self.price(f["trail_percent"], "trail_percent", tick: false)
            let takeProfit = Self.value(f, "take_profit")
            let stopLoss = Self.value(f, "stop_loss")
            let takeProfitLimit = try Self.price(takeProfit?["limit_price"], "take_profit.limit_price")
            let stopLossStop = try Self.price(stopLoss?["stop_price"], "stop_loss.stop_price")
            let stopLossLimit = try Self.price(stopLoss?["limit_price"], "stop_loss.limit_price")

            switch kind {
            case .market:
                if limit != nil { throw APIError.invalid("limit_price is not allowed for market orders") }
            case .limit where orderClass == "oco":
                // The OCO's own limit is its take profit; Alpaca takes it in either place.
                if let limit, limit != takeProfitLimit { throw APIError.invalid("oco limit_price must equal take_profit.limit_price") }
            case .limit, .stopLimit:
                if limit == nil { throw APIError.invalid("limit_price is required for \(kind.rawValue) orders") }
            case .stop, .trailingStop:
                if limit != nil { throw APIError.invalid("limit_price is not allowed for \(kind.rawValue) orders") }
            }
            if kind == .stop || kind == .stopLimit {
                if stop == nil { throw APIError.invalid("stop_price is required for \(kind.rawValue) orders") }
            } else if stop != nil {
                throw APIError.invalid("stop_price is not allowed for \(kind.rawValue) orders")
            }
            if kind == .trailingStop {
                switch (trailPrice, trailPercent) {
                case (nil, nil): throw APIError.invalid("trail_price or trail_percent is required for trailing_stop orders")
                case (.some, .some): throw APIError.invalid("only one of trail_price or trail_percent is accepted")
                default: break
                }
                if let trailPercent, trailPercent >= 100 { throw APIError.invalid("trail_percent must be less than 100") }
                if !["day", "gtc"].contains(timeInForce) { throw APIError.invalid("trailing stop orders must be day or gtc orders") }
            } else if trailPrice != nil || trailPercent != nil {
                throw APIError.invalid("trail_price and trail_percent are only for trailing_stop orders")
            }
            if takeProfit != nil && takeProfitLimit == nil { throw APIError.invalid("take_profit.limit_price is required") }
            if stopLoss != nil && stopLossStop == nil { throw APIError.invalid("stop_loss.stop_price is required") }

            if simple {
                if takeProfit != nil || stopLoss != nil {
                    throw APIError.invalid("take_profit and stop_loss are only for bracket, oto and oco orders")
                }
            } else {
                if kind == .trailingStop { throw APIError.invalid("trailing stop orders are not supported in \(orderClass) orders") }
                if !["day", "gtc"].contains(timeInForce) { throw APIError.invalid("\(orderClass) orders must be day or gtc orders") }
                switch orderClass {
                case "bracket" where takeProfit == nil || stopLoss == nil,
                     "oco" where takeProfit == nil || stopLoss == nil:
                    throw APIError.invalid("\(orderClass) orders require both take_profit and stop_loss")
                case "oto" where (takeProfit == nil) == (stopLoss == nil):
                    throw APIError.invalid("oto orders require exactly one of take_profit or stop_loss")
                case "oco" where kind != .limit:
                    throw APIError.invalid("oco orders must be limit orders")
                default: break
                }
                // The exits close what the entry opens: above the stop for a long.
                let exitsSell = orderClass == "oco" ? side == .sell : side == .buy
                if let target = takeProfitLimit, let stopLevel = stopLossStop, exitsSell ? target <= stopLevel : target >= stopLevel {
                    throw APIError.invalid("take_profit.limit_price must be \(exitsSell ? "greater" : "less") than stop_loss.stop_price")
                }
            }
            request.limitPrice = orderClass == "oco" ? takeProfitLimit : limit
            request.stopPrice = stop
            request.trailPrice = trailPrice
            request.trailPercent = trailPercent
            request.takeProfitLimit = takeProfitLimit
            request.stopLossStop = stopLossStop
            request.stopLossLimit = stopLossLimit
            return .success(request)
        } catch let error as APIError {
            return .failure(error)
        } catch {
            return .failure(.badBody)
        }
    }

    /// A price field: a decimal greater than zero and, unless `tick` is false, on Alpaca's tick
    /// (cents from $1, 0.0001 below). The simulator's own check, independent of the client's.
    static func price(_ value: JSONValue?, _ name: String, tick: Bool = true) throws -> Decimal? {
        guard let value, value != .null else { return nil }
        guard let price = DecimalText.parse(value), price > 0 else { throw APIError.invalid("invalid \(name)") }
        if tick && DecimalText.scale(of: price) > (price >= 1 ? 2 : 4) {
            throw APIError.subPenny(name, price)
        }
        return price
    }
}
