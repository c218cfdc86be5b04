import Alpaca
import Foundation
import Policy
import Vocabulary

/// How an approved order becomes an Alpaca market order. Live runs cannot know the next open,
/// so dollar sizes become whole shares at the decision price (`ShareRounding`, the rule the
/// backtest's fills use), unless the size asked for fractional shares: then buys go as a dollar amount.
/// Sells are always in shares, never more than the decision saw held.
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
        if intent.fractional && intent.side == .buy {
            let dollars = (notional * 100 + 1e-6).rounded(.down) / 100
            return dollars >= 1 ? Amount(notional: dollars) : nil
        }
        guard intent.price > 0, intent.price.isFinite else { return nil }
        let shares = ShareRounding.shares(notional / intent.price, fractional: intent.fractional)
        return shares > 0 ? Amount(qty: shares) : nil
    }

    /// The Alpaca request for an approved order: market, day, our client order id.
    public static func request(for order: ApprovedOrder) -> OrderRequest? {
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
        return OrderRequest(symbol: intent.symbol, side: intent.side.addsShares ? .buy : .sell, amount: value,
                            kind: .market, timeInForce: .day, clientOrderId: intent.clientOrderId)
    }
}
