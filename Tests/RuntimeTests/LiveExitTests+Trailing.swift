import AlpacaSimulator
import Audit
import Foundation
import MarketData
import Testing
@testable import Runtime
import Vocabulary

extension LiveExitTests {
    /// SPY falling for forty days, rising 2 % a day for twelve (the 10-day average crosses the
    /// 30-day on the eighth), then two 5 % falls and a slow slide: the close of the third day
    /// down is more than 10 % under the highest high since the entry while every low stays above
    /// the 5 % stop loss, and no high reaches the 15 % take profit. Each open is the last close.
    static func riseAndFall() -> [BarSeries] {
        var closes = (0..<40).map { 120 - 0.5 * Double($0) }
        func next(_ factor: Double) { closes.append(((closes[closes.count - 1] * factor) * 100).rounded() / 100) }
        for _ in 0..<12 { next(1.02) }
        for _ in 0..<2 { next(0.95) }
        for _ in 0..<14 { next(0.997) }
        var series = BarSeries(symbol: "SPY")
        var day = CivilDate.days(year: 2024, month: 1, day: 2)
        for (i, close) in closes.enumerated() {
            while [2, 3].contains(Int(day % 7)) { day += 1 }
            let open = i == 0 ? close : closes[i - 1]
            series.times.append(day * 86_400)
            series.open.append(open)
            series.high.append(max(open, close) + 0.2)
            series.low.append(min(open, close) - 0.2)
            series.close.append(close)
            series.volume.append(1_000_000)
            day += 1
        }
        return [series]
    }

    /// The shipped `sma-stop` (5 % stop loss, 15 % take profit, 10 % trailing stop) runs live:
    /// the stop loss and take profit go to the broker as a bracket with the entry, the trailing
    /// stop is watched by the bot at each close (Alpaca takes no trailing stop beside the legs
    /// that hold the shares); when a close falls to it, the legs are canceled and the position
    /// is sold at the next open, recorded as a `trailing_stop` exit the bot watched.
    @Test func aTrailingStopBesideABracketIsWatchedByTheBot() async throws {
        let strategy = "../../../strategies/sma-stop.yaml"
        #expect(LiveCoverage.gaps(in: try TestCores.make(strategy: strategy, policy: "limits-open.yaml").strategy.source).isEmpty)
        try await RunnerHarness.run(series: Self.riseAndFall(), strategy: strategy, policy: "limits-open.yaml",
                                    startIndex: 40) { h in
            try h.start()
            try await h.waitForLines(1)
            for _ in 0..<18 { try await h.step() }
            _ = try await h.finish()
            let records = try h.records()
            let decisions = records.compactMap(\.decision)

            let entry = try #require(decisions.first { $0.rule.id == "enter-long" && $0.input?.intent.exitReason == nil })
            #expect(decisions.contains { $0.id == entry.id + ":stop_loss" } && decisions.contains { $0.id == entry.id + ":take_profit" })
            let orders = h.sim.state().orders
            let parent = try #require(orders.first { $0.clientOrderID == entry.order.clientOrderId })
            #expect(parent.orderClass == "bracket")
            #expect(!orders.contains { $0.type == "trailing_stop" }, "no trailing stop order beside the legs")

            let sale = try #require(decisions.first { $0.input?.intent.exitReason == .trailingStop }, "the watched trailing stop sells")
            #expect(sale.id.hasSuffix(":enter-long:trailing_stop") && sale.effectiveOutcome == .allow)
            #expect(sale.input?.intent.orderType == nil && sale.order.side == .sell, "a market sale")
            let notes = records.compactMap { record -> NoteRecord? in if case .note(let n) = record.body { return n } else { return nil } }
            #expect(notes.contains { $0.kind == "exit_watched" && $0.message.hasPrefix(sale.id + ": trailing_stop at ")
                && $0.message.contains("the bot watched the trailing stop") })
            let explained = try Explainer(logPath: h.state.audit).explain(orderId: sale.order.clientOrderId)
            #expect(explained.exitHeldBy?.hasPrefix("the bot, not the broker: trailing_stop at $") == true, "\(explained.exitHeldBy ?? "nil")")
            #expect(ExplanationText.text(explained).contains("  Held by:  the bot, not the broker: trailing_stop at $"))
            #expect(records.compactMap(\.update).contains {
                $0.status == "pending_cancel" && $0.message?.contains("before the trailing_stop sale \(sale.id)") == true
            }, "the legs are canceled first, on the record")
            #expect(records.compactMap(\.fill).contains { $0.clientOrderId == sale.order.clientOrderId && $0.side == .sell })
            #expect(!records.compactMap(\.fill).contains { $0.clientOrderId.hasSuffix("-sl") || $0.clientOrderId.hasSuffix("-tp") },
                    "neither leg filled: the trailing stop closed the position")
            #expect(!orders.contains { $0.parentID == parent.id && Self.isOpen($0) }, "no leg left open")
            let ledger = try AuditLedger.load(path: h.state.audit)
            #expect(ledger.expectedPositions.isEmpty && h.brokerHoldings.isEmpty)
            #expect(ledger.orphanLegs.isEmpty)
            #expect(try AuditVerifier.verify(path: h.state.audit).ok)
        }
    }
}

extension LiveExitTests {
    /// A trailing stop of a position in a fraction of a share: Alpaca takes trailing stops for
    /// whole shares only, so the bot watches the backtest's level at each close and, when a close
    /// reaches it, sells the whole position at the next open with a market order, recorded as a
    /// `trailing_stop` exit with an `exit_watched` note that `explain` quotes.
    @Test func theTrailingStopOfAFractionalPositionIsWatchedByTheBot() async throws {
        #expect(LiveCoverage.gaps(in: try TestCores.make(strategy: "dip-fractional-trailing.yaml", policy: "limits-open.yaml")
            .strategy.source).isEmpty, "a live run carries it")
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-fractional-trailing.yaml",
                                    policy: "limits-open.yaml") { harness in
            try harness.start()
            try await harness.waitForLines(1)
            for _ in 0..<25 { try await harness.step() }
            _ = try await harness.finish()
            let records = try harness.records()

            #expect(!harness.sim.state().orders.contains { $0.type == "trailing_stop" }, "no trailing stop order for a fraction")
            let sales = records.compactMap(\.decision).filter { $0.input?.intent.exitReason == .trailingStop }
            #expect(!sales.isEmpty, "some closes reach the 2 % trail")
            #expect(sales.allSatisfy { $0.input?.intent.orderType == nil && $0.order.side == .sell }, "market sales")
            let notes = records.compactMap { record -> NoteRecord? in if case .note(let n) = record.body { return n } else { return nil } }
                .filter { $0.kind == "exit_watched" }
            #expect(Set(notes.compactMap(\.decisionId)) == Set(sales.map(\.id)))
            #expect(notes.allSatisfy { $0.message.contains("Alpaca takes no trailing stop for a fraction of a share") })
            // Each one filled at the next open (one decided at the run's last close has no next open yet).
            let lastClose = records.last { $0.decision != nil }?.at
            for record in records where record.decision.map(sales.contains) == true && record.at != lastClose {
                let sale = try #require(record.decision)
                #expect(records.compactMap(\.fill).contains { $0.clientOrderId == sale.order.clientOrderId }, "\(sale.id) filled")
            }
            #expect(records.compactMap(\.fill).contains { fill in sales.contains { $0.order.clientOrderId == fill.clientOrderId } })
            let sale = try #require(sales.first)
            let held = try Explainer(logPath: harness.state.audit).explain(decisionId: sale.id).exitHeldBy ?? ""
            #expect(held.hasPrefix("the bot, not the broker: trailing_stop at $"), "\(held)")
            #expect(try AuditLedger.load(path: harness.state.audit).expectedPositions == harness.brokerHoldings)
        }
    }
}
