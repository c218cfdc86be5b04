import Alpaca
import AlpacaSimulator
import Audit
import Foundation
import Policy
import Testing
@testable import Runtime
import Vocabulary

/// The bracket's legs hold the position's shares at the broker: every sale the bot sends cancels
/// them first, whoever decided it, and a leg left open on a flat symbol is canceled on the record.
extension LiveExitTests {
    /// An order the simulator still works (a leg `held` or `new` counts).
    static func isOpen(_ order: SimulatorState.Order) -> Bool {
        !["filled", "canceled", "expired", "rejected", "replaced"].contains(order.status)
    }

    /// A `max_bars` sale a person approves goes through the step a sale decided now goes through:
    /// the legs are canceled first (recorded with the sale they make way for), then the sale is
    /// sent and fills; Alpaca would refuse it on top of the legs that hold the shares.
    @Test func anApprovedMaxBarsSaleCancelsTheLegsFirst() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-bracket-maxbars.yaml",
                                    policy: "limits-sales-approval.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            let queue = try ApprovalQueue(path: h.state.approvals, auditLog: try AuditLog(path: h.state.audit))
            var waiting: ApprovalItem?
            for _ in 0..<25 where waiting == nil {
                try await h.step()
                waiting = try queue.list(now: h.sim.state().time).first { $0.decision.id.hasSuffix(":buy-dip:max_bars") }
            }
            let item = try #require(waiting, "a max_bars sale waits for a person")
            let parents = h.sim.state().orders.filter { $0.symbol == item.symbol && $0.orderClass == "bracket" }.map(\.id)
            #expect(h.sim.state().orders.contains { $0.parentID.map(parents.contains) == true && Self.isOpen($0) },
                    "the legs hold the shares while the sale waits")

            let recheck = ApprovalRecheck(core: try h.core(), broker: h.broker)
            let state = try await recheck.prepare(auditPath: h.state.audit)
            let now = MarketTime.utcText(state.clock.now)
            let approval = HumanApproval(by: "tester", note: "time is up")
            _ = try queue.approve(id: item.id, by: "tester", note: "time is up", now: now) { record in
                try recheck.recheck(record, state: state, approval: approval)
            }
            let sale = item.decision.order.clientOrderId
            let deadline = Date().addingTimeInterval(10)
            while !h.sim.state().orders.contains(where: { $0.clientOrderID == sale }) {
                try #require(Date() < deadline, "the approved sale is sent")
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            try await h.step()
            _ = try await h.finish()

            let records = try h.records()
            let updates = records.compactMap(\.update)
            #expect(updates.contains { $0.status == "pending_cancel" && $0.message?.contains("before the max_bars sale \(item.decision.id)") == true },
                    "the legs were canceled first, on the record")
            #expect(!updates.contains { $0.clientOrderId == sale && $0.status == "rejected" }, "the broker took the sale")
            #expect(records.compactMap(\.fill).contains { $0.clientOrderId == sale && $0.side == .sell }, "the sale filled")
            #expect(try queue.item(id: item.id, now: now).state == .sent)
            #expect(!h.sim.state().orders.contains { $0.parentID.map(parents.contains) == true && Self.isOpen($0) }, "no leg left open")
            let ledger = try AuditLedger.load(path: h.state.audit)
            #expect(ledger.expectedPositions == h.brokerHoldings)
            #expect(ledger.orphanLegs.isEmpty)
            #expect(try AuditVerifier.verify(path: h.state.audit).ok)
        }
    }

    /// A leg left open on a flat symbol is canceled at the next bar, on the record. Here the
    /// position is sold by hand at the broker (an account that may short takes the sale of
    /// shares the legs hold) and an operator accepts the broker's holdings: the audit log then
    /// holds nothing of the symbol, while its legs would sell short if they triggered.
    @Test func aLegLeftOpenOnAFlatSymbolIsCanceledAtTheNextBar() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-bracket-far.yaml",
                                    policy: "limits-open.yaml", shorting: true) { h in
            try h.start()
            try await h.waitForLines(1)
            var held: String?
            for _ in 0..<25 where held == nil {
                try await h.step()
                held = h.brokerHoldings.keys.sorted().first
            }
            let symbol = try #require(held, "an entry fills")
            let entry = try #require(h.sim.state().orders.first { $0.symbol == symbol && $0.orderClass == "bracket" })
            let legs = h.sim.state().orders.filter { $0.parentID == entry.id }
            #expect(legs.count == 2 && legs.allSatisfy(Self.isOpen), "both legs are open at the broker")

            let shares = try #require(DecimalString(String(Int(h.brokerHoldings[symbol] ?? 0))))
            _ = try await h.client.submitOrder(OrderRequest(symbol: symbol, side: .sell, amount: .qty(shares), clientOrderId: "by-hand-1"))
            try await h.step()
            #expect(h.brokerHoldings[symbol] == nil, "sold by hand")
            #expect(h.sim.state().orders.filter { $0.parentID == entry.id }.allSatisfy(Self.isOpen), "the legs are still open")
            try KillSwitch(state: h.state).acceptBrokerState(by: "tester", reason: "sold \(symbol) by hand")
            for _ in 0..<2 { try await h.step() }
            _ = try await h.finish()

            let records = try h.records()
            let names = [entry.clientOrderID + "-sl", entry.clientOrderID + "-tp"]
            #expect(records.compactMap(\.update).contains {
                names.contains($0.clientOrderId) && $0.status == "pending_cancel" && $0.message?.contains("leftover exit leg") == true
            }, "the cancel is recorded with its reason")
            let ledger = try AuditLedger.load(path: h.state.audit)
            #expect(names.allSatisfy { ledger.orders[$0]?.status == "canceled" }, "\(names.map { ledger.orders[$0]?.status ?? "-" })")
            #expect(!h.sim.state().orders.contains { $0.parentID == entry.id && Self.isOpen($0) }, "no leg left open at the broker")
            #expect(ledger.orphanLegs.isEmpty)
            #expect(ledger.expectedPositions == h.brokerHoldings)
            #expect(try AuditVerifier.verify(path: h.state.audit).ok)
        }
    }
}
