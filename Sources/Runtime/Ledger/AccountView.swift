import Foundation
import Policy

/// The account as the policy sees it for one order: the broker's cash, equity and positions,
/// with every order still in flight counted as if it had filled at its decision price (so two
/// orders sent close together cannot together pass a limit each passes alone), as the
/// backtest does for orders waiting for the next open. `InFlightHoldings` does the counting;
/// the strategy's `position` in a live run is the same figure.
public enum AccountView {
    /// - Parameters:
    ///   - marks: last close per symbol seen by the run; positions fall back to the broker's price.
    ///   - pending: the ledger's open orders.
    public static func snapshot(symbol: String, account: BrokerAccount, positions: [BrokerPosition],
                                marks: [String: Double], pending: [AuditLedger.Order]) -> AccountSnapshot {
        let holdings = InFlightHoldings(positions: positions, marks: marks, pending: pending)
        return AccountSnapshot(cash: holdings.cash(after: account.cash), equity: account.equity,
                               dayStartEquity: account.lastEquity ?? .nan, grossExposure: holdings.grossExposure,
                               position: holdings.position(symbol), mark: holdings.prices[symbol] ?? marks[symbol] ?? .nan)
    }
}
