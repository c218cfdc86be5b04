import Audit
import Foundation
import Testing
@testable import Runtime
import Vocabulary

@Suite struct LedgerTests {
    private func ledger(_ bodies: [AuditBody]) -> AuditLedger {
        var ledger = AuditLedger()
        for (index, body) in bodies.enumerated() {
            ledger.apply(AuditRecord(seq: index + 1, at: "2024-01-10", prev: AuditRecord.genesisHash, body: body))
        }
        return ledger
    }

    private let submitted = AuditBody.orderSubmitted(OrderSubmitted(orderId: "o-1", clientOrderId: "algobot-1", decisionId: "d-1",
                                                                    symbol: "AAA", side: .buy, qty: 10, notional: nil, broker: "sim"))

    @Test func expectedHoldingsAreTheLastBaselinePlusLaterFills() {
        let l = ledger([
            .reconciliation(ReconciliationRecord(ok: true, mismatches: [], positions: ["BBB": 5], cash: 1_000)),
            submitted,
            .orderUpdate(OrderUpdate(orderId: "o-1", clientOrderId: "algobot-1", brokerOrderId: "b-1", status: "new")),
            .fill(FillRecord(orderId: "o-1", clientOrderId: "algobot-1", brokerOrderId: "b-1", symbol: "AAA", side: .buy,
                             qty: 4, price: 10, commission: 0)),
        ])
        #expect(l.expectedPositions == ["AAA": 4, "BBB": 5])
        #expect(l.expectedCash == 960)
        #expect(l.openOrders.map(\.clientOrderId) == ["algobot-1"])
        #expect(l.orders["algobot-1"]?.filledQty == 4)
        #expect(l.orders["algobot-1"]?.brokerOrderId == "b-1")
    }

    @Test func mismatchRecordsAreNotABaselineButAnAcceptedOneIs() {
        var bodies: [AuditBody] = [
            .reconciliation(ReconciliationRecord(ok: true, mismatches: [], positions: [:], cash: 100)),
            .reconciliation(ReconciliationRecord(ok: false, mismatches: ["AAA"], positions: ["AAA": 7], cash: 30)),
        ]
        #expect(ledger(bodies).expectedPositions.isEmpty)
        #expect(ledger(bodies).lastReconciliationOK == false)
        bodies.append(.reconciliation(ReconciliationRecord(ok: true, mismatches: [], positions: ["AAA": 7], cash: 30, note: "accepted")))
        #expect(ledger(bodies).expectedPositions == ["AAA": 7])
        #expect(ledger(bodies).expectedCash == 30)
    }

    @Test func finalStatusesCloseOrders() {
        for status in ["filled", "canceled", "expired", "rejected", "not_sent", "submit_failed", "dry_run"] {
            let l = ledger([submitted, .orderUpdate(OrderUpdate(orderId: "o-1", clientOrderId: "algobot-1", brokerOrderId: nil, status: status))])
            #expect(l.openOrders.isEmpty, "\(status) is final")
        }
        for status in ["accepted", "new", "partially_filled", "submit_unknown"] {
            let l = ledger([submitted, .orderUpdate(OrderUpdate(orderId: "o-1", clientOrderId: "algobot-1", brokerOrderId: nil, status: status))])
            #expect(l.openOrders.count == 1, "\(status) is not final")
        }
    }

    @Test func reconcilerNamesEveryDifference() {
        let l = ledger([.reconciliation(ReconciliationRecord(ok: true, mismatches: [], positions: ["AAA": 10], cash: 1_000)), submitted,
                        .orderUpdate(OrderUpdate(orderId: "o-1", clientOrderId: "algobot-1", brokerOrderId: "b-1", status: "new"))])
        let ours = BrokerOrder(id: "b-1", clientOrderId: "algobot-1", symbol: "AAA", side: .buy, status: "new")
        #expect(Reconciler.mismatches(ledger: l, positions: [BrokerPosition(symbol: "AAA", qty: 10)], cash: 1_000.40,
                                      openOrders: [ours]).isEmpty)
        let stranger = BrokerOrder(id: "b-9", clientOrderId: "by-hand", symbol: "CCC", side: .sell, status: "new")
        let problems = Reconciler.mismatches(ledger: l, positions: [BrokerPosition(symbol: "AAA", qty: 12), BrokerPosition(symbol: "CCC", qty: 1)],
                                             cash: 900, openOrders: [stranger])
        #expect(problems == [
            "AAA: the broker holds 12 shares, the audit log says 10",
            "CCC: the broker holds 1 shares, the audit log says 0",
            "cash: the broker has $900.00, the audit log says $1,000.00",
            "open order b-9 (sell CCC, client order id by-hand) is not in the audit log",
            "order o-1 (buy AAA) is open in the audit log but not at the broker",
        ])
    }

    /// Cash is written like every other amount: `$1,000.00`, and a negative balance
    /// `-$20.00` (it read `$-20.00`, and `$1000.00` without a separator).
    @Test func cashDifferencesReadLikeEveryOtherAmount() {
        let l = ledger([.reconciliation(ReconciliationRecord(ok: true, mismatches: [], positions: [:], cash: 12_500))])
        #expect(Reconciler.mismatches(ledger: l, positions: [], cash: -20, openOrders: [])
                == ["cash: the broker has -$20.00, the audit log says $12,500.00"])
    }

    @Test func foreignOpenOrdersAcceptedOnceStayAccepted() {
        let l = ledger([.reconciliation(ReconciliationRecord(ok: true, mismatches: [], positions: [:], cash: 500,
                                                             openOrders: ["gtc-by-hand"], note: "first"))])
        #expect(l.foreignOpenOrders == ["gtc-by-hand"])
        let old = BrokerOrder(id: "b-7", clientOrderId: "gtc-by-hand", symbol: "AAA", side: .buy, status: "new")
        let new = BrokerOrder(id: "b-8", clientOrderId: "another", symbol: "AAA", side: .buy, status: "new")
        #expect(Reconciler.mismatches(ledger: l, positions: [], cash: 500, openOrders: [old]).isEmpty)
        #expect(Reconciler.mismatches(ledger: l, positions: [], cash: 500, openOrders: [old, new]).count == 1)
    }

    @Test func accountViewCountsOrdersInFlight() {
        let l = ledger([submitted])
        let account = BrokerAccount(cash: 5_000, equity: 6_000, lastEquity: 6_100)
        let view = AccountView.snapshot(symbol: "AAA", account: account, positions: [BrokerPosition(symbol: "AAA", qty: 50, currentPrice: 20)],
                                        marks: ["AAA": 20], pending: l.openOrders.map { var o = $0; o.decisionPrice = 20; return o })
        #expect(view.position == 60)
        #expect(view.cash == 4_800)
        #expect(view.grossExposure == 1_200)
        #expect(view.dayStartEquity == 6_100)
        #expect(abs(view.drawdownToday - 100.0 / 61) < 1e-9)
    }
}
