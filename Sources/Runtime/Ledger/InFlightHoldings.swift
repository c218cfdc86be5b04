import Foundation
import Vocabulary

/// The broker's positions with every order still in flight (submitted, not yet in a final
/// state) counted as if it had filled at its decision price. A live run reads positions from
/// the broker, which shows an order only once it fills; without this, a buy waiting for the
/// next open would leave `position == 0` true and a second buy would pass every limit that
/// the first one, alone, passed. The backtest never needs it: an order there fills at the
/// next open, before the next decision of its symbol.
///
/// How much of an order is still in flight: the shares it asked for less those filled. A
/// dollar amount (a `percent_of_equity` or `notional` buy sent as `notional` because it asked
/// for fractional shares) counts as `notional / decision price` shares; without a decision
/// price (not in the log) the symbol's mark is used, and without either the figure is NaN,
/// which makes every check that needs it block. A sell never counts for more than is held.
public struct InFlightHoldings: Sendable {
    /// Shares per symbol, orders in flight included: the `position` the strategy and the
    /// policy see.
    public private(set) var shares: [String: Double] = [:]
    /// Shares per symbol that neither the broker nor a pending sell has spoken for: what a
    /// new sell may sell. A pending buy does not add to it (its shares are not held yet).
    public private(set) var sellable: [String: Double] = [:]
    /// Price per symbol: the run's last close, else the broker's position price.
    public private(set) var prices: [String: Double] = [:]
    /// What each pending order would do to cash at its decision price (buys negative), in order.
    private var cashMoves: [Double] = []
    /// Σ |shares × price| over the symbols, pending orders valued at the symbol's price (or
    /// their decision price when the run has none).
    public private(set) var grossExposure = 0.0

    /// - Parameters:
    ///   - marks: last close per symbol seen by the run; positions fall back to the broker's price.
    ///   - pending: the ledger's open orders, in submission order.
    public init(positions: [BrokerPosition], marks: [String: Double], pending: [AuditLedger.Order]) {
        for position in positions {
            shares[position.symbol, default: 0] += position.qty
            prices[position.symbol] = marks[position.symbol] ?? position.currentPrice ?? .nan
        }
        for (name, mark) in marks where prices[name] == nil { prices[name] = mark }
        for (name, qty) in shares {
            grossExposure += abs(qty * (prices[name] ?? .nan))
            sellable[name] = max(qty, 0)
        }
        // An exit leg waits for its level: until it fills, the position is what the broker holds.
        for order in pending where !order.isExitLeg {
            let before = shares[order.symbol] ?? 0
            let decisionPrice = order.decisionPrice.isFinite ? order.decisionPrice : (prices[order.symbol] ?? .nan)
            let wanted = order.qty ?? ((order.notional ?? .nan) / decisionPrice)
            // `max` would turn NaN into 0: an order of unknown size must stay unknown.
            let remaining = wanted.isFinite ? max(0, wanted - order.filledQty) : .nan
            let qty = order.side == .sell ? min(remaining, max(before, 0)) : remaining
            let signed = order.side.sign * qty
            let mark = prices[order.symbol].flatMap { $0.isFinite ? $0 : nil } ?? decisionPrice
            grossExposure += abs((before + signed) * mark) - abs(before * mark)
            cashMoves.append(signed * decisionPrice)
            shares[order.symbol] = before + signed
            if order.side == .sell { sellable[order.symbol] = max(0, (sellable[order.symbol] ?? 0) - qty) }
        }
    }

    /// The broker's cash after the pending orders, at their decision prices.
    public func cash(after brokerCash: Double) -> Double {
        var cash = brokerCash
        for move in cashMoves { cash -= move }
        return cash
    }

    /// Shares of `symbol`, orders in flight included (0 when none).
    public func position(_ symbol: String) -> Double { shares[symbol] ?? 0 }

    /// Shares of `symbol` a new sell may take (0 when none).
    public func sellableShares(_ symbol: String) -> Double { sellable[symbol] ?? 0 }
}
