import Alpaca
import Foundation
import Policy
import Vocabulary

/// How an approved order becomes an Alpaca order. Live runs cannot know the next open, so
/// dollar sizes become whole shares at the decision price (`ShareRounding`, the rule the
/// backtest's fills use), unless the size asked for fractional shares: then market buys go as
/// a dollar amount. Sells are always in shares, never more than the decision saw held.
///
/// A rule's `order:` type goes as that Alpaca type (`limit`, `stop`, `stop_limit`) with its
/// `time_in_force`; its prices (the expressions' values at the decision close) are put on
/// Alpaca's tick by `PriceTick`: a limit never worse than the strategy's price (a buy's rounds
/// down, a sell's up), a stop to the nearest tick. Resting orders are always sized in shares,
/// at the price they were judged at (Alpaca takes no dollar amount for them).
public enum OrderSizing {
    public struct Amount: Sendable, Equatable {
        public var qty: Double?
        public var notional: Double?
    }

    /// The amount to send, or nil when it rounds to nothing (less than one share).
    public static func amount(for order: ApprovedOrder) -> Amount? {
        let intent = order.intent
        if intent.action.closesAll, let qty = intent.qty {
            let shares = floor(qty * 1e9 + 1e-3) / 1e9
            return shares > 0 ? Amount(qty: shares) : nil
        }
        if let qty = intent.qty {
            let shares = ShareRounding.shares(qty, fractional: intent.fractional)
            return shares > 0 ? Amount(qty: shares) : nil
        }
        guard let notional = intent.notional, notional.isFinite, notional > 0 else { return nil }
        if intent.fractional && intent.side == .buy && intent.figures.orderType == .market {
            let dollars = (notional * 100 + 1e-6).rounded(.down) / 100
            return dollars >= 1 ? Amount(notional: dollars) : nil
        }
        guard intent.price > 0, intent.price.isFinite else { return nil }
        let shares = ShareRounding.shares(notional / intent.price, fractional: intent.fractional)
        return shares > 0 ? Amount(qty: shares) : nil
    }

    /// The Alpaca request for an approved order: its type and prices, `timeInForce`, our client
    /// order id; nil when it rounds to nothing or a price has no value.
    public static func request(for order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce = .day) -> OrderRequest? {
        guard let amount = amount(for: order) else { return nil }
        let intent = order.intent
        let value: OrderRequest.Amount
        if let qty = amount.qty, let text = DecimalString(qty, fractionDigits: 9) {
            value = .qty(text)
        } else if let notional = amount.notional, let text = DecimalString(notional, fractionDigits: 2) {
            value = .notional(text)
        } else {
            return nil
        }
        guard let kind = kind(of: intent) else { return nil }
        return OrderRequest(symbol: intent.symbol, side: intent.side.addsShares ? .buy : .sell, amount: value,
                            kind: kind, timeInForce: timeInForce == .gtc ? .gtc : .day, clientOrderId: intent.clientOrderId)
    }

    /// The entry with its exit legs as one Alpaca order: `bracket` with both legs, `oto` with
    /// one; nil when the entry is not in whole shares (Alpaca takes no fractional or dollar
    /// amount in a class) or a price has no value. A take profit is never worse than the level
    /// (a sale's rounds up, a cover's down), a stop loss goes to the nearest tick.
    public static func request(for entry: ApprovedOrder, legs: ExitLegOrders, timeInForce: Vocabulary.TimeInForce) -> OrderRequest? {
        guard var request = request(for: entry, timeInForce: timeInForce) else { return nil }
        if legs.isEmpty { return request }
        guard case .qty(let qty) = request.amount, qty.doubleValue == qty.doubleValue.rounded() else { return nil }
        if let leg = legs.takeProfit?.intent {
            guard let price = leg.figures.limitPrice.flatMap({ onTick($0, rule: leg.side.addsShares ? .down : .up) }) else { return nil }
            request.takeProfit = TakeProfit(limitPrice: price)
        }
        if let leg = legs.stopLoss?.intent {
            guard let price = leg.figures.stopPrice.flatMap({ onTick($0, rule: .nearest) }) else { return nil }
            request.stopLoss = StopLoss(stopPrice: price)
        }
        request.orderClass = legs.stopLoss != nil && legs.takeProfit != nil ? .bracket : .oto
        return request
    }

    /// A trailing stop's sale (or cover) as a simple `trailing_stop` order with `trail_percent`,
    /// in whole shares (Alpaca takes no fractional trailing stop); nil otherwise.
    public static func request(for order: ApprovedOrder, trailPercent: Double, timeInForce: Vocabulary.TimeInForce) -> OrderRequest? {
        guard let amount = amount(for: order), let qty = amount.qty, qty == qty.rounded(),
              let shares = DecimalString(qty, fractionDigits: 0), trailPercent > 0, trailPercent < 100,
              let percent = DecimalString(trailPercent, fractionDigits: 4) else { return nil }
        let intent = order.intent
        return OrderRequest(symbol: intent.symbol, side: intent.side.addsShares ? .buy : .sell, amount: .qty(shares),
                            kind: .trailingStop(.percent(percent)), timeInForce: timeInForce == .gtc ? .gtc : .day,
                            clientOrderId: intent.clientOrderId)
    }

    /// `price` on Alpaca's tick by `rule`; a price a binary fraction away from a tick (`close - 0.1`
    /// of 58.30 computed as 58.199999999999996) is that tick, not the one below it.
    static func onTick(_ price: Double, rule: PriceTick.Rule) -> DecimalString? {
        guard let nearest = PriceTick.rounded(price) else { return nil }
        if abs(nearest.doubleValue - price) <= abs(price) * 1e-12 { return nearest }
        return PriceTick.rounded(price, rule: rule)
    }

    /// The order's type with its prices on Alpaca's tick; nil when a price it needs has no value.
    static func kind(of intent: OrderIntent) -> OrderRequest.Kind? {
        let figures = intent.figures
        let limit = figures.limitPrice.flatMap { onTick($0, rule: intent.side.addsShares ? .down : .up) }
        let stop = figures.stopPrice.flatMap { onTick($0, rule: .nearest) }
        switch figures.orderType {
        case .market:
            return .market
        case .limit:
            return limit.map { .limit(price: $0) }
        case .stop:
            return stop.map { .stop(price: $0) }
        case .stopLimit:
            guard let stop, let limit else { return nil }
            return .stopLimit(stop: stop, limit: limit)
        case .trailingStop:
            return nil
        }
    }
}
