import Foundation
import Policy

/// The account as the policy sees it for one order: the broker's cash, equity and positions,
/// with every order still in flight counted as if it had filled at its decision price (so two
/// orders sent close together cannot together pass a limit each passes alone), as the
/// backtest does for orders waiting for the next open.
public enum AccountView {
    /// - Parameters:
    ///   - marks: last close per symbol seen by the run; positions fall back to the broker's price.
    ///   - pending: the ledger's open orders.
    public static func snapshot(symbol: String, account: BrokerAccount, positions: [BrokerPosition],
                                marks: [String: Double], pending: [AuditLedger.Order]) -> AccountSnapshot {
        var held: [String: Double] = [:]
        var price: [String: Double] = [:]
        for position in positions {
            held[position.symbol, default: 0] += position.qty
            price[position.symbol] = marks[position.symbol] ?? position.currentPrice ?? .nan
        }
        for (name, mark) in marks where price[name] == nil { price[name] = mark }
        var gross = 0.0
        for (name, qty) in held { gross += abs(qty * (price[name] ?? .nan)) }
        var cash = account.cash
        for order in pending {
            let before = held[order.symbol] ?? 0
            let decisionPrice = order.decisionPrice.isFinite ? order.decisionPrice : (price[order.symbol] ?? .nan)
            let wanted = order.qty ?? ((order.notional ?? .nan) / decisionPrice)
            let remaining = max(0, wanted - order.filledQty)
            let qty = order.side == "buy" ? remaining : min(remaining, max(before, 0))
            let signed = order.side == "buy" ? qty : -qty
            let mark = price[order.symbol].flatMap { $0.isFinite ? $0 : nil } ?? decisionPrice
            gross += abs((before + signed) * mark) - abs(before * mark)
            cash -= signed * decisionPrice
            held[order.symbol] = before + signed
        }
        return AccountSnapshot(cash: cash, equity: account.equity, dayStartEquity: account.lastEquity ?? .nan,
                               grossExposure: gross, position: held[symbol] ?? 0, mark: price[symbol] ?? marks[symbol] ?? .nan)
    }
}
