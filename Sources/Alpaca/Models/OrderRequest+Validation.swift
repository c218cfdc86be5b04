import Foundation

/// The rules Alpaca enforces with a 422 (API.md §2.3, Alpaca's "Understand Orders" page),
/// checked before anything is sent so that a mistake costs no request and names its fix.
extension OrderRequest {
    /// The problem in plain words, or nil when the request is valid.
    public func problem() -> String? {
        if symbol.trimmingCharacters(in: .whitespaces).isEmpty { return "the order has no symbol" }
        if clientOrderId.isEmpty || clientOrderId.count > Self.maxClientOrderIdLength {
            return "client_order_id must be 1 to \(Self.maxClientOrderIdLength) characters "
                + "(got \(clientOrderId.count))"
        }
        if let problem = amountProblem() ?? priceProblem() ?? classProblem() { return problem }
        if extendedHours && (type != .limit || ![.day, .gtc].contains(timeInForce) || !orderClass.isSimple) {
            return "extended-hours orders must be simple limit orders with time_in_force day or gtc"
        }
        return nil
    }

    /// Fractional quantities and notional amounts are market orders of a single day at Alpaca;
    /// exit orders (stops, trailing stops, legs) need whole shares.
    private func amountProblem() -> String? {
        switch amount {
        case .qty(let qty) where qty.decimal <= 0:
            return "qty must be greater than zero (got \(qty))"
        case .notional(let notional) where notional.decimal <= 0:
            return "notional must be greater than zero (got \(notional))"
        case .notional where type != .market || timeInForce != .day || !orderClass.isSimple:
            return "a notional (dollar) order must be a simple market order with time_in_force day"
        case .qty(let qty) where qty.decimal != qty.decimal.rounded(scale: 0):
            if ![.market, .limit].contains(type) || !orderClass.isSimple {
                return "fractional qty \(qty) is only accepted for simple market and limit orders; "
                    + "send whole shares for \(type.rawValue) and \(orderClass) orders"
            }
            if timeInForce != .day { return "a fractional qty order must have time_in_force day" }
        default:
            break
        }
        return nil
    }

    private func priceProblem() -> String? {
        let prices: [(String, DecimalString?)] = [
            ("limit_price", limitPrice), ("stop_price", stopPrice),
            ("take_profit.limit_price", takeProfit?.limitPrice),
            ("stop_loss.stop_price", stopLoss?.stopPrice), ("stop_loss.limit_price", stopLoss?.limitPrice),
        ]
        for case let (name, price?) in prices {
            if price.decimal <= 0 { return "\(name) must be greater than zero (got \(price))" }
            if !PriceTick.isOnTick(price) {
                return "\(name) \(price) is finer than Alpaca's tick (cents from $1, 0.0001 below); "
                    + "round it with PriceTick.rounded"
            }
        }
        if case .trailingStop(let trail) = kind {
            if trail.value.decimal <= 0 { return "the trail must be greater than zero (got \(trail.value))" }
            if case .percent(let percent) = trail, percent.decimal >= 100 {
                return "trail_percent must be below 100 (got \(percent))"
            }
            if ![.day, .gtc].contains(timeInForce) { return "a trailing stop must have time_in_force day or gtc" }
        }
        return nil
    }

    /// Bracket: both legs; OTO: one; OCO: both, and the order itself is the take profit (a limit).
    private func classProblem() -> String? {
        if orderClass.isSimple {
            return takeProfit == nil && stopLoss == nil ? nil
                : "take_profit and stop_loss need order_class bracket, oto or oco"
        }
        guard orderClass.hasExitLegs else { return "order_class \(orderClass) is not supported" }
        if case .trailingStop = kind {
            return "Alpaca does not take a trailing stop in a \(orderClass) order; send it as a simple order"
        }
        if ![.day, .gtc].contains(timeInForce) { return "\(orderClass) orders must have time_in_force day or gtc" }
        switch orderClass {
        case .bracket where takeProfit == nil || stopLoss == nil:
            return "a bracket order needs both take_profit.limit_price and stop_loss.stop_price"
        case .oto where (takeProfit == nil) == (stopLoss == nil):
            return "an oto order takes exactly one of take_profit or stop_loss (use bracket for both)"
        case .oco:
            guard let takeProfit, stopLoss != nil else {
                return "an oco order needs both take_profit.limit_price and stop_loss.stop_price"
            }
            guard case .limit(let price) = kind, price == takeProfit.limitPrice else {
                return "an oco order is type limit at take_profit.limit_price"
            }
        default:
            break
        }
        return legOrderProblem()
    }

    /// The exits close a position opened by `side`: for a buy the take profit is above the stop
    /// and, with a limit entry, above the entry by a cent (the stop below it by a cent).
    private func legOrderProblem() -> String? {
        let exitsSell = orderClass == .oco ? side == .sell : side == .buy
        if let target = takeProfit?.limitPrice.decimal, let stop = stopLoss?.stopPrice.decimal {
            if exitsSell ? target <= stop : target >= stop {
                return "take_profit.limit_price must be \(exitsSell ? "above" : "below") stop_loss.stop_price "
                    + "for a \(side.rawValue) \(orderClass) order"
            }
        }
        guard orderClass != .oco, let base = limitPrice?.decimal else { return nil }
        let cent = Decimal(1) / 100
        if let target = takeProfit?.limitPrice.decimal, exitsSell ? target < base + cent : target > base - cent {
            return "take_profit.limit_price must be \(exitsSell ? ">= base_price + 0.01" : "<= base_price - 0.01") "
                + "(the entry's limit price \(base))"
        }
        if let stop = stopLoss?.stopPrice.decimal, exitsSell ? stop > base - cent : stop < base + cent {
            return "stop_loss.stop_price must be \(exitsSell ? "<= base_price - 0.01" : ">= base_price + 0.01") "
                + "(the entry's limit price \(base))"
        }
        return nil
    }
}

extension Decimal {
    /// Rounded to `scale` digits after the point, toward zero.
    func rounded(scale: Int) -> Decimal {
        var input = self
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .down)
        return output
    }
}
