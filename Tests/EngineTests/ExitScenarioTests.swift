import MarketData
import Testing
@testable import Engine
import Vocabulary

/// The fill model of docs/BACKTEST.md, "Orders and exits", on a few hand-made bars each:
/// every exit kind and every entry order type, with the prices worked out by hand.
@Suite struct ExitScenarioTests {
    typealias S = EngineScenario

    /// Bars from (open, high, low, close).
    static func bars(_ rows: [(Double, Double, Double, Double)]) -> BarSeries {
        var s = BarSeries(symbol: "XYZ")
        for (i, (o, h, l, c)) in rows.enumerated() {
            s.times.append((S.firstDay + Int64(i)) * 86_400)
            s.open.append(o); s.high.append(h); s.low.append(l); s.close.append(c); s.volume.append(1_000)
        }
        return s
    }

    /// Buys 10 shares at the close of bar 0 (the only close at 101), with `extra` under the rule.
    static func strategy(exits: String = "", rule extra: String = "", more: String = "") -> String {
        "strategy: scenario\nsymbols: [XYZ]\n" + exits + """
        rules:
          - id: enter
            when: close == 101
            action: buy
            size: { shares: 10 }
        """ + extra + more
    }

    func run(_ yaml: String, _ rows: [(Double, Double, Double, Double)], general: Bool = false) throws -> BacktestResult {
        try S.run(yaml, series: [Self.bars(rows)], generalLoop: general)
    }

    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    @Test func aStopLossReachedByTheLowFillsAtTheStop() throws {
        let yaml = Self.strategy(exits: "exits: { stop_loss: { percent: 5 } }\n")
        let rows = [(100.0, 101.0, 99.0, 101.0), (102, 103, 101, 102), (101, 101, 96, 97), (97, 98, 96, 97)]
        for general in [false, true] {
            let r = try run(yaml, rows, general: general)
            let trade = try #require(r.trades.first)
            #expect(r.trades.count == 1)
            #expect(trade.exitReason == "stop_loss")
            #expect(trade.entryPrice == 102)
            #expect(close(trade.exitPrice, 102 * 0.95))
            #expect(trade.exitText == S.day(2))
            let leg = try #require(r.orders.first { $0.exitReason == .stopLoss })
            #expect(leg.orderType == .stop && leg.status == .filled)
        }
    }

    @Test func aBarOpeningBelowTheStopFillsAtTheOpen() throws {
        let r = try run(Self.strategy(exits: "exits: { stop_loss: { percent: 5 } }\n"),
                        [(100, 101, 99, 101), (102, 103, 101, 102), (95, 96, 93, 94)])
        #expect(r.trades.first?.exitReason == "stop_loss")
        #expect(r.trades.first?.exitPrice == 95)
    }

    @Test func whenStopAndTargetAreBothReachedTheStopFills() throws {
        let yaml = Self.strategy(exits: "exits: { stop_loss: { percent: 5 }, take_profit: { percent: 5 } }\n")
        let r = try run(yaml, [(100, 101, 99, 101), (102, 103, 101, 102), (102, 108, 96, 104)])
        #expect(r.trades.first?.exitReason == "stop_loss")
        #expect(close(r.trades.first?.exitPrice, 102 * 0.95))
        // The target leg is canceled when the stop closes the position.
        #expect(r.orders.first { $0.exitReason == .takeProfit }?.status == .canceled)
    }

    @Test func aTakeProfitReachedByTheHighFillsAtTheTarget() throws {
        let yaml = Self.strategy(exits: "exits: { stop_loss: { percent: 5 }, take_profit: { percent: 5 } }\n")
        let r = try run(yaml, [(100, 101, 99, 101), (102, 103, 101, 102), (103, 108, 102, 104)])
        #expect(r.trades.first?.exitReason == "take_profit")
        #expect(close(r.trades.first?.exitPrice, 102 * 1.05))
    }

    @Test func aTrailingStopFollowsTheHighestHigh() throws {
        // Fill bar 1 at 100: its level is 100 × 0.9 = 90 (the entry price); its high 110 then
        // raises the level for bar 2 to 99, which bar 2's low reaches.
        let yaml = Self.strategy(exits: "exits: { trailing_stop: { percent: 10 } }\n")
        let r = try run(yaml, [(100, 101, 99, 101), (100, 110, 100, 108), (105, 106, 98, 100)])
        #expect(r.trades.first?.exitReason == "trailing_stop")
        #expect(close(r.trades.first?.exitPrice, 99))
    }

    @Test func maxBarsSellsAtTheNextOpenAfterTheNthClose() throws {
        let yaml = Self.strategy(exits: "exits: { max_bars: 2 }\n")
        let r = try run(yaml, [(100, 101, 99, 101), (102, 103, 101, 102), (102, 104, 101, 103), (105, 106, 104, 105), (105, 106, 104, 105)])
        let trade = try #require(r.trades.first)
        #expect(trade.exitReason == "max_bars" && trade.exitPrice == 105 && trade.exitText == S.day(3))
        #expect(r.orders.last?.exitReason == .maxBars && r.orders.last?.orderType == .market)
    }

    @Test func aRuleSellClosesWithItsIdAndARuleOnTheExitBarHasNothingToSell() throws {
        let sell = "\n  - id: leave\n    when: close < 99\n    action: sell_all\n"
        let yaml = Self.strategy(exits: "exits: { stop_loss: { percent: 5 } }\n", more: sell)
        // Bar 2: the stop fills inside the bar; its close (97) also fires 'leave': nothing left to sell.
        let r = try run(yaml, [(100, 101, 99, 101), (102, 103, 101, 102), (101, 101, 96, 97), (97, 98, 96, 97)])
        #expect(r.trades.map(\.exitReason) == ["stop_loss"])
        #expect(!r.orders.contains { $0.intent.ruleId == "leave" })
        // Without the exit, the rule closes the trade and is its exit reason.
        let plain = try run(Self.strategy(more: sell), [(100, 101, 99, 101), (102, 103, 101, 102), (101, 101, 96, 97), (97, 98, 96, 97)])
        #expect(plain.trades.map(\.exitReason) == ["leave"])
    }

    @Test func aLimitBuyFillsAtTheLimitOrTheLowerOpen() throws {
        let yaml = Self.strategy(rule: "\n    order: { type: limit, limit: \"close * 0.98\" }\n")
        // L = 101 × 0.98 = 98.98; bar 1's low reaches it.
        var r = try run(yaml, [(100, 101, 99, 101), (100, 101, 98, 99), (99, 100, 98, 99)])
        #expect(close(r.orders.first?.fillPrice, 101 * 0.98))
        #expect(r.orders.first?.orderType == .limit)
        // A gap below it fills at the open.
        r = try run(yaml, [(100, 101, 99, 101), (97, 99, 96, 98), (99, 100, 98, 99)])
        #expect(r.orders.first?.fillPrice == 97)
        // A day order the next bar does not reach expires.
        r = try run(yaml, [(100, 101, 99, 101), (100, 101, 99.5, 100), (97, 99, 96, 98)])
        #expect(r.orders.first?.status == .canceled && r.orders.first?.note == "expired unfilled")
        #expect(r.openPositions.isEmpty)
    }

    @Test func aGtcLimitRestsForExpireBarsAndBlocksNewOrders() throws {
        let yaml = """
        strategy: scenario
        symbols: [XYZ]
        rules:
          - id: enter
            when: close >= 101
            action: buy
            size: { shares: 10 }
            order: { type: limit, limit: "close * 0.98", time_in_force: gtc, expire_bars: 3 }
        """
        // Decided at bar 0 (L = 98.98): bars 1 and 2 fire again but place nothing; bar 3 fills.
        let r = try run(yaml, [(100, 101, 99, 101), (101, 102, 100, 101), (101, 102, 100, 101), (99, 100, 98, 99), (99, 100, 98, 99)])
        #expect(r.orders.count == 1)
        #expect(close(r.orders.first?.fillPrice, 98.98) && r.orders.first?.filledAt == S.day(3))
    }

    @Test func aStopBuyFillsAtTheStopOrTheHigherOpen() throws {
        let yaml = Self.strategy(rule: "\n    order: { type: stop, stop: \"close * 1.02\" }\n")
        var r = try run(yaml, [(100, 101, 99, 101), (101, 104, 100, 103), (103, 104, 102, 103)])
        #expect(close(r.orders.first?.fillPrice, 101 * 1.02))
        r = try run(yaml, [(100, 101, 99, 101), (105, 106, 104, 105), (103, 104, 102, 103)])
        #expect(r.orders.first?.fillPrice == 105)
    }

    @Test func aStopLimitBuyNeedsTheStopAndTheLimit() throws {
        let yaml = Self.strategy(rule: "\n    order: { type: stop_limit, stop: 102, limit: 103 }\n")
        // High reaches 102 and low reaches 103: fills at min(max(open, 102), 103) = 102.
        var r = try run(yaml, [(100, 101, 99, 101), (100, 104, 99, 103), (103, 104, 102, 103)])
        #expect(r.orders.first?.fillPrice == 102)
        // Opens above the limit and never comes back: no fill, the day order expires.
        r = try run(yaml, [(100, 101, 99, 101), (104, 106, 103.5, 105), (103, 104, 102, 103)])
        #expect(r.orders.first?.status == .canceled)
    }

    @Test func exitsOfALimitEntryMeetTheRestOfItsFillBar() throws {
        // Limit 98.98 fills on bar 1, whose low (93) then reaches the stop 98.98 × 0.95 = 94.031.
        let yaml = Self.strategy(exits: "exits: { stop_loss: { percent: 5 } }\n", rule: "\n    order: { type: limit, limit: \"close * 0.98\" }\n")
        let r = try run(yaml, [(100, 101, 99, 101), (100, 101, 93, 95), (95, 96, 94, 95)])
        let trade = try #require(r.trades.first)
        #expect(trade.exitReason == "stop_loss" && trade.entryText == S.day(1) && trade.exitText == S.day(1))
        #expect(close(trade.exitPrice, 101 * 0.98 * 0.95))
    }

    @Test func priceLevelsAreEvaluatedAtTheEntryDecision() throws {
        // The stop is bar 0's low (99), fixed; bar 2's low 98.5 reaches it.
        let yaml = Self.strategy(exits: "exits: { stop_loss: { price: low } }\n")
        let r = try run(yaml, [(100, 101, 99, 101), (102, 103, 101, 102), (101, 101, 98.5, 99), (99, 100, 98, 99)])
        #expect(r.trades.first?.exitReason == "stop_loss" && r.trades.first?.exitPrice == 99)
    }

    @Test func commissionAndSlippageApplyToExitFills() throws {
        let yaml = Self.strategy(exits: "exits: { stop_loss: { percent: 5 } }\n")
        let settings = ExecutionSettings(commissionPerShare: 0.1, slippageBps: 10)
        let r = try S.run(yaml, series: [Self.bars([(100, 101, 99, 101), (102, 103, 101, 102), (101, 101, 96, 97)])], settings: settings)
        let trade = try #require(r.trades.first)
        let entry = 102 * 1.001, stop = entry * 0.95
        #expect(close(trade.entryPrice, entry))
        #expect(close(trade.exitPrice, stop * 0.999))
        #expect(abs(trade.pnl - (10 * stop * 0.999 - 10 * entry - 2)) < 1e-6)
    }
}
