import Foundation
import Vocabulary

/// Compares what the broker holds with what the audit log says it should hold. Any difference
/// is a mismatch: the runner records it, logs an alert and sends no new order until a later
/// reconciliation matches (or an operator accepts the broker's state).
public enum Reconciler {
    /// Cash may drift by this much (dollars) without a mismatch: fills are booked in decimals
    /// at the broker and in binary floating point here.
    public static let cashTolerance = 1.0
    static let shareTolerance = 1e-6

    /// Differences in plain words, sorted; empty when everything matches.
    public static func mismatches(ledger: AuditLedger, positions: [BrokerPosition], cash: Double,
                                  openOrders: [BrokerOrder]) -> [String] {
        var problems: [String] = []
        var broker: [String: Double] = [:]
        for position in positions { broker[position.symbol, default: 0] += position.qty }
        let symbols = Set(broker.keys).union(ledger.expectedPositions.keys).sorted()
        for symbol in symbols {
            let held = broker[symbol] ?? 0
            let expected = ledger.expectedPositions[symbol] ?? 0
            if abs(held - expected) > shareTolerance {
                problems.append("\(symbol): the broker holds \(shares(held)) shares, the audit log says \(shares(expected))")
            }
        }
        if let expected = ledger.expectedCash, abs(expected - cash) > cashTolerance {
            problems.append("cash: the broker has \(dollars(cash)), the audit log says \(dollars(expected))")
        }
        let ours = Set(ledger.openOrders.map(\.clientOrderId))
        for order in openOrders where !ours.contains(order.clientOrderId) && !ledger.foreignOpenOrders.contains(order.clientOrderId) {
            let known = ledger.orders[order.clientOrderId] != nil
            problems.append("open order \(order.id) (\(order.side) \(order.symbol), client order id \(order.clientOrderId)) "
                + (known ? "is finished in the audit log but still open at the broker" : "is not in the audit log"))
        }
        let brokerOpen = Set(openOrders.map(\.clientOrderId))
        for order in ledger.openOrders where order.brokerOrderId != nil && !brokerOpen.contains(order.clientOrderId) {
            problems.append("order \(order.orderId) (\(order.side) \(order.symbol)) is open in the audit log but not at the broker")
        }
        return problems
    }

    /// The broker's shares per symbol (what a reconciliation record keeps).
    static func holdings(_ positions: [BrokerPosition]) -> [String: Double] {
        var held: [String: Double] = [:]
        for position in positions where abs(position.qty) >= 1e-9 { held[position.symbol, default: 0] += position.qty }
        return held
    }

    /// Shares as people write them: `30`, or `12.345600` for fractions.
    public static func shares(_ value: Double) -> String {
        // Int64(value) traps beyond its range: a broker's answer must not stop the bot.
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6f", value)
    }

    /// `$1,000.00`, `-$20.00`: the money text of every other message (`Money`).
    static func dollars(_ value: Double) -> String { Money.text(value) }
}
