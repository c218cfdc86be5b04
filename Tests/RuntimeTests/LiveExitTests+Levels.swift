import Audit
import Foundation
import Testing
@testable import Runtime
import Vocabulary

extension LiveExitTests {
    /// A position in a fraction of a share gets no exit order at Alpaca: the bot watches its
    /// levels at each close and, when the bar reached one, sells the whole position at the next
    /// open with a market order, recorded as that exit with a note saying the bot held it.
    @Test func theExitsOfAFractionalPositionAreWatchedByTheBot() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-fractional.yaml",
                                    policy: "limits-open.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            _ = try await harness.finish()
            let live = try harness.records()

            let watched = live.compactMap(\.decision).filter { $0.input?.intent.exitReason != nil }
            #expect(watched.contains { $0.input?.intent.exitReason == .stopLoss })
            #expect(watched.contains { $0.input?.intent.exitReason == .takeProfit })
            #expect(watched.allSatisfy { $0.input?.intent.orderType == nil && $0.order.side == .sell }, "market sales")
            let notes = live.compactMap { record -> NoteRecord? in if case .note(let n) = record.body { return n } else { return nil } }
                .filter { $0.kind == "exit_watched" }
            #expect(notes.count == watched.count)
            #expect(notes.allSatisfy { $0.message.contains("the bot watched the level") })
            // `explain` finds each note with its sale and says the bot, not the broker, held the exit.
            #expect(Set(notes.compactMap(\.decisionId)) == Set(watched.map(\.id)))
            let explainer = try Explainer(logPath: harness.state.audit)
            for decision in watched {
                let held = try explainer.explain(decisionId: decision.id).exitHeldBy ?? ""
                #expect(held.hasPrefix("the bot, not the broker: \(decision.input?.intent.exitReason?.rawValue ?? "?") at $"), "\(held)")
                #expect(held.contains("Alpaca holds no exit order for a fraction of a share"))
            }
            let sent = harness.sim.state().orders
            #expect(sent.allSatisfy { ($0.orderClass ?? "").isEmpty && $0.type == "market" }, "no exit order at the broker")
            // Each watched sale filled (the whole position) at the next open.
            for decision in watched {
                let id = decision.order.clientOrderId
                #expect(live.compactMap(\.fill).contains { $0.clientOrderId == id }, "\(decision.id) filled")
            }
            #expect(try AuditLedger.load(path: harness.state.audit).expectedPositions == harness.brokerHoldings)
        }
    }
}

/// Refuses every cancel, as Alpaca does for an order that is no longer cancelable.
struct RefusingCancelBroker: ForwardingBroker {
    let inner: any LiveBroker
    func cancel(orderId: String) async throws { throw BrokerError(.refused, "order is not cancelable (test)") }
}

extension LiveExitTests {
    /// Fail closed: a rule's sale whose position's legs cannot be canceled is blocked with the
    /// gate `exit_legs_open` and the reason, never sent on top of the legs that hold the shares.
    @Test func aSaleWhoseLegsCannotBeCanceledIsBlocked() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-bracket.yaml",
                                    policy: "limits-tight.yaml") { harness in
            try harness.start(broker: RefusingCancelBroker(inner: harness.broker))
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            _ = try await harness.finish()
            let live = try harness.records()

            let blocked = live.compactMap(\.decision).filter { $0.gates?.contains { $0.id == .exitLegsOpen } == true }
            #expect(!blocked.isEmpty, "the sell rule fires while legs are open")
            #expect(blocked.allSatisfy { $0.rule.id == "take-profit" && $0.effectiveOutcome == .block })
            #expect(blocked.allSatisfy { $0.effectiveReason.contains("holds the shares") }, "\(blocked.map(\.effectiveReason))")
            let sent = Set(live.compactMap(\.submitted).map(\.decisionId))
            #expect(blocked.allSatisfy { !sent.contains($0.id) }, "nothing is sent for a blocked sale")
            #expect(live.compactMap(\.update).allSatisfy { $0.status != "rejected" }, "no sale reached the broker on top of the legs")
            #expect(try AuditLedger.load(path: harness.state.audit).expectedPositions == harness.brokerHoldings)
        }
    }
}

extension LiveExitTests {
    /// A percent stop loss and take profit go in the bracket measured from the price the entry
    /// is judged at (the decision close of a market entry), put on the cent tick: Alpaca needs
    /// the prices when the bracket is sent, before the fill the backtest measures from.
    @Test func percentLevelsAreMeasuredFromTheJudgedPrice() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 30), strategy: "dip-percent.yaml",
                                    policy: "limits-open.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<12 { try await harness.step() }
            _ = try await harness.finish()
            let decisions = try harness.records().compactMap(\.decision)
            let entries = decisions.filter { $0.rule.id == "buy-dip" && $0.input?.intent.exitReason == nil && $0.effectiveOutcome == .allow }
            #expect(!entries.isEmpty)
            let orders = harness.sim.state().orders
            for entry in entries {
                let stop = try #require(decisions.first { $0.id == entry.id + ":stop_loss" })
                let target = try #require(decisions.first { $0.id == entry.id + ":take_profit" })
                #expect(abs(stop.order.price - entry.order.price * 0.96) < 1e-9)
                #expect(abs(target.order.price - entry.order.price * 1.06) < 1e-9)
                let parent = try #require(orders.first { $0.clientOrderID == entry.order.clientOrderId })
                let legs = orders.filter { $0.parentID == parent.id }
                // On the cent: the stop the nearest cent, the target never below its level.
                let sentStop = try #require(legs.first { $0.type == "stop" }?.stopPrice.flatMap(Double.init))
                let sentTarget = try #require(legs.first { $0.type == "limit" }?.limitPrice.flatMap(Double.init))
                #expect(abs(sentStop - stop.order.price) <= 0.005 + 1e-9 && sentStop == (sentStop * 100).rounded() / 100)
                #expect(sentTarget >= target.order.price - 1e-9 && sentTarget < target.order.price + 0.01)
                #expect(sentTarget == (sentTarget * 100).rounded() / 100)
            }
        }
    }
}

extension LiveExitTests {
    /// After a restart the `price:` levels of a fractional entry sent before it (filled or on its
    /// way) are read again from the strategy's values at its decision close (replayed in the
    /// warm-up history, or decided again), so the bot keeps watching them: the same watched exits
    /// as a run that never stopped.
    @Test func aRestartWatchesThePriceLevelsOfAFractionalPositionAgain() async throws {
        let series = SyntheticBars.pair(days: 40)
        let exits = { (records: [AuditRecord]) in
            records.compactMap(\.decision).filter { $0.input?.intent.exitReason != nil }.map { "\($0.id) \($0.effectiveOutcome)" }
        }
        var straight: [String] = []
        try await RunnerHarness.run(series: series, strategy: "dip-fractional-price.yaml", policy: "limits-open.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<20 { try await h.step() }
            _ = try await h.finish()
            straight = exits(try h.records())
        }
        #expect(!straight.isEmpty, "the levels are reached")
        try await RunnerHarness.run(series: series, strategy: "dip-fractional-price.yaml", policy: "limits-open.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            // Until a position is held whose exit has not been decided, then stop and start again.
            var steps = 0
            while try steps < 20 && (h.brokerHoldings.isEmpty || AuditLedger.load(path: h.state.audit).openOrders.contains { !$0.side.opens }) {
                try await h.step()
                steps += 1
            }
            try #require(steps < 20)
            _ = try await h.finish()
            let printed = h.lines.count
            try h.start()
            try await h.waitForLines(printed + 1)
            for _ in steps..<20 { try await h.step() }
            _ = try await h.finish()
            let records = try h.records()
            let notes = records.compactMap { record -> NoteRecord? in if case .note(let n) = record.body { return n } else { return nil } }
            #expect(!notes.contains { $0.message.contains("are not known to it") }, "\(notes.map(\.message))")
            #expect(exits(records) == straight)
            #expect(try AuditLedger.load(path: h.state.audit).expectedPositions == h.brokerHoldings)
        }
    }
}
