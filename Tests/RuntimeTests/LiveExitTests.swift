import Audit
import Foundation
import Testing
@testable import Runtime
import Vocabulary

/// Exits go live as the broker's own orders: a stop loss and a take profit go with the entry as
/// one bracket order, judged and recorded leg by leg, and trade on the simulator's bars as the
/// backtest trades them (docs/RUN.md, "What goes live as what").
@Suite struct LiveExitTests {
    @Test func bracketExitsTradeAsInTheBacktest() async throws {
        let series = SyntheticBars.pair(days: 40)
        try await RunnerHarness.run(series: series, strategy: "dip-bracket.yaml", policy: "limits-tight.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            _ = try await harness.finish()
            let live = try harness.records()
            let back = try LiveParityTests.backtest(harness, series: series)

            // The rules' own decisions are the backtest's, with the same ids and outcomes.
            let ruleDecisions = { (records: [AuditRecord]) in
                records.compactMap(\.decision).filter { $0.input?.intent.exitReason == nil }.map { "\($0.id) \($0.effectiveOutcome)" }
            }
            #expect(ruleDecisions(live) == ruleDecisions(back))
            // One stop loss and one take profit judged for each entry (live: when the bracket is sent).
            let legs = { (records: [AuditRecord], reason: ExitReason) in
                records.compactMap(\.decision).filter { $0.input?.intent.exitReason == reason }
            }
            let entries = live.compactMap(\.submitted).filter { $0.side == .buy && ExitLegOrders.parent(ofLeg: $0.clientOrderId) == nil }
            #expect(!entries.isEmpty)
            #expect(legs(live, .stopLoss).count == entries.count && legs(live, .takeProfit).count == entries.count)
            #expect(legs(back, .stopLoss).count == legs(live, .stopLoss).count)
            #expect(legs(live, .stopLoss).allSatisfy { $0.id.hasSuffix(":buy-dip:stop_loss") && $0.effectiveOutcome == .allow })

            // The same trades: every fill, the legs' included, at the same price.
            let trades = { (records: [AuditRecord]) in
                records.compactMap(\.fill).map { "\($0.symbol) \($0.side) \($0.qty) \(String(format: "%.6f", $0.price))" }.sorted()
            }
            #expect(trades(live) == trades(back))
            let fills = live.compactMap(\.fill)
            #expect(fills.contains { $0.clientOrderId.hasSuffix("-sl") }, "some stop losses fill")
            #expect(fills.contains { $0.clientOrderId.hasSuffix("-tp") }, "some take profits fill")
            // `algobot explain` finds a leg by the name it has at the broker and says which exit it was.
            let leg = try #require(fills.first { $0.clientOrderId.hasSuffix("-sl") })
            let explained = try Explainer(logPath: harness.state.audit).explain(orderId: leg.clientOrderId)
            #expect(explained.exitReason == .stopLoss && explained.clientOrderId == leg.clientOrderId)
            #expect(explained.headline.contains("filled"), "\(explained.headline)")
            // …and who held it: the broker, as the stop order sent with the entry.
            #expect(explained.exitHeldBy?.hasPrefix("the broker, as a stop order at $") == true, "\(explained.exitHeldBy ?? "nil")")
            #expect(ExplanationText.text(explained).contains("  Held by:  the broker, as a stop order"))
            #expect(explained.trigger?.hasPrefix("stop loss at $") == true && explained.trigger?.contains("(the order's level); the broker filled it at $") == true,
                    "\(explained.trigger ?? "nil")")
            // A rule's sale while the legs were open canceled them first, on the record.
            #expect(live.compactMap(\.update).contains { $0.status == "pending_cancel" && $0.message?.contains("before the rule's sale") == true })

            let sent = harness.sim.state().orders
            #expect(sent.filter { $0.side == "buy" && $0.parentID == nil }.allSatisfy { $0.orderClass == "bracket" && $0.timeInForce == "gtc" })
            let ledger = try AuditLedger.load(path: harness.state.audit)
            #expect(ledger.expectedPositions == harness.brokerHoldings)
            // No leg is left open on a flat symbol.
            #expect(ledger.orphanLegs.isEmpty)
            #expect(try AuditVerifier.verify(path: harness.state.audit).ok)
        }
    }
}

extension LiveExitTests {
    /// The run dies while its bracket is on the way (sent, the answer lost). The next run finds
    /// the entry by its client order id and each leg through it (`…-sl`, `…-tp`), places
    /// nothing again, follows the legs to their end, and leaves no leg open on a flat symbol.
    @Test(arguments: [true, false]) func aRestartFindsTheLegsOfABracketInsteadOfPlacingThemAgain(sent: Bool) async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-bracket.yaml",
                                    policy: "limits-tight.yaml") { h in
            try h.start(broker: CrashingBroker(inner: h.broker, sendBeforeFailing: sent, stop: h.stop))
            try await h.waitForLines(1)
            while try h.records().compactMap(\.submitted).isEmpty { try await h.step() }
            _ = try await h.finish()
            let submitted = try h.records().compactMap(\.submitted)
            #expect(submitted.count == 3, "the entry and its two legs are on record before the request")
            let entry = try #require(submitted.first)
            #expect(submitted.map(\.clientOrderId) == [entry.clientOrderId, entry.clientOrderId + "-sl", entry.clientOrderId + "-tp"])
            #expect(try h.records().compactMap(\.update).suffix(3).allSatisfy { $0.status == "submit_unknown" })

            let printed = h.lines.count
            try h.start()
            try await h.waitForLines(printed + 1)
            for _ in 0..<12 { try await h.step() }
            _ = try await h.finish()

            let records = try h.records()
            let orders = h.sim.state().orders
            #expect(orders.filter { $0.clientOrderID == entry.clientOrderId }.count == (sent ? 1 : 0), "never sent twice")
            let parent = orders.first { $0.clientOrderID == entry.clientOrderId }
            #expect(orders.filter { $0.parentID != nil && $0.parentID == parent?.id }.count == (sent ? 2 : 0), "no duplicate legs")
            for id in [entry.clientOrderId + "-sl", entry.clientOrderId + "-tp"] {
                let statuses = records.compactMap(\.update).filter { $0.clientOrderId == id }.map(\.status)
                #expect(records.compactMap(\.submitted).filter { $0.clientOrderId == id }.count == 1)
                if sent {
                    #expect(statuses.contains("held") || statuses.contains("new") || statuses.contains("filled"), "\(statuses)")
                    #expect(records.compactMap(\.update).contains { $0.clientOrderId == id && $0.brokerOrderId != nil })
                } else {
                    #expect(statuses.last == "submit_failed")
                }
            }
            let ledger = try AuditLedger.load(path: h.state.audit)
            #expect(ledger.expectedPositions == h.brokerHoldings)
            #expect(ledger.orphanLegs.isEmpty, "no orphan legs")
            let open = orders.filter { !["filled", "canceled", "expired", "rejected", "held"].contains($0.status) && $0.parentID != nil }
            #expect(open.allSatisfy { h.brokerHoldings[$0.symbol] != nil }, "no leg left open at the broker on a flat symbol")
            #expect(records.compactMap(\.reconciliation).allSatisfy { $0.ok }, "\(records.compactMap(\.reconciliation).map(\.mismatches))")
            #expect(try AuditVerifier.verify(path: h.state.audit).ok)
        }
    }
}

extension LiveExitTests {
    /// `max_bars` is a market sale the bot decides at the close where `bars_held` reaches it, and
    /// the entry values (`unrealized_pct`, `bars_held`) come from the fills the audit log has:
    /// the same decisions, with the same ids, and the same trades as the backtest.
    @Test func maxBarsAndEntryValuesDecideAsInTheBacktest() async throws {
        let series = SyntheticBars.pair(days: 40)
        try await RunnerHarness.run(series: series, strategy: "dip-maxbars.yaml", policy: "limits-tight.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            _ = try await harness.finish()
            let live = try harness.records()
            let back = try LiveParityTests.backtest(harness, series: series)

            let decisions = { (records: [AuditRecord]) in records.compactMap(\.decision).map { "\($0.id) \($0.effectiveOutcome)" } }
            #expect(decisions(live) == decisions(back))
            let timeExit = try #require(live.compactMap(\.decision).first { $0.id.hasSuffix(":buy-dip:max_bars") }, "some positions reach max_bars")
            #expect(try Explainer(logPath: harness.state.audit).explain(decisionId: timeExit.id).exitHeldBy?.hasPrefix("the bot: a market order") == true)
            #expect(live.compactMap(\.decision).contains { $0.rule.id == "take-gain" }, "the entry values make the rule fire")
            let trades = { (records: [AuditRecord]) in
                records.compactMap(\.fill).map { "\($0.clientOrderId) \($0.side) \($0.qty) \(String(format: "%.6f", $0.price))" }.sorted()
            }
            #expect(trades(live) == trades(back))
            #expect(try AuditLedger.load(path: harness.state.audit).expectedPositions == harness.brokerHoldings)
        }
    }

    /// A trailing stop is placed when the entry fills, as a `trailing_stop` order with
    /// `trail_percent`, decided on the fill bar with the backtest's id and level; a rule's sale
    /// cancels it first. (Its fills are not the backtest's: docs/RUN.md says why.)
    @Test func aTrailingStopIsPlacedWhenTheEntryFills() async throws {
        let series = SyntheticBars.pair(days: 40)
        try await RunnerHarness.run(series: series, strategy: "dip-trailing.yaml", policy: "limits-tight.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            _ = try await harness.finish()
            let live = try harness.records()
            let back = try LiveParityTests.backtest(harness, series: series)

            let trailing = live.compactMap(\.decision).filter { $0.input?.intent.exitReason == .trailingStop }
            let entries = live.compactMap(\.submitted).filter { $0.side == .buy }
            #expect(!trailing.isEmpty)
            #expect(trailing.count == entries.filter { e in live.compactMap(\.fill).contains { $0.clientOrderId == e.clientOrderId } }.count)
            // The first one is decided as the backtest decides it (later ones follow trades that may differ).
            let first = try #require(trailing.first)
            let backFirst = try #require(back.compactMap(\.decision).first { $0.input?.intent.exitReason == .trailingStop })
            #expect(first.id == backFirst.id)
            #expect(abs(first.order.price - backFirst.order.price) < 1e-9)
            #expect(live.compactMap(\.update).contains { $0.status == "pending_cancel" && $0.message?.contains("before the rule's sale") == true },
                    "a rule's sale cancels the trailing stop first")
            let sent = harness.sim.state().orders.filter { $0.type == "trailing_stop" }
            #expect(sent.count == trailing.filter { $0.effectiveOutcome == .allow }.count)
            #expect(sent.allSatisfy { $0.timeInForce == "gtc" && $0.side == "sell" && $0.hwm != nil })
            #expect(try Explainer(logPath: harness.state.audit).explain(decisionId: first.id).exitHeldBy?
                .hasPrefix("the broker, as a trailing stop order placed when the entry filled") == true)
            let ledger = try AuditLedger.load(path: harness.state.audit)
            #expect(ledger.expectedPositions == harness.brokerHoldings)
            #expect(ledger.orphanLegs.isEmpty, "no orphan stops")
            #expect(try AuditVerifier.verify(path: harness.state.audit).ok)
        }
    }
}
