import Testing
@testable import Audit
import Vocabulary

/// `explain --order` for an exit leg says what filled it, in the words of issue 14:
/// "stop loss at $104.50 = entry $110.00 − 5 %; the low of 2020-03-09, $103.90, reached it;
/// filled at $104.50" (or "opened below it at $101.20: filled at the open").
@Suite struct ExitTriggerWordsTests {
    func words(_ t: ExitTrigger, closing: Side = .sell, price: Double) -> String {
        PlainWords.trigger(t, closing: closing, at: "2020-03-09", price: price)
    }

    @Test func aStopReachedByTheLow() {
        let t = ExitTrigger(reason: .stopLoss, level: 104.5, entryPrice: 110, percent: 5, mark: nil, open: 106, reached: 103.9,
                            atOpen: false)
        #expect(words(t, price: 104.5)
            == "stop loss at $104.50 = entry $110.00 − 5 %; the low of 2020-03-09, $103.90, reached it; filled at $104.50")
    }

    @Test func aStopTheBarOpenedThrough() {
        let t = ExitTrigger(reason: .stopLoss, level: 104.5, entryPrice: 110, percent: 5, mark: nil, open: 101.2, reached: nil,
                            atOpen: true)
        #expect(words(t, price: 101.2)
            == "stop loss at $104.50 = entry $110.00 − 5 %; the bar of 2020-03-09 opened below it at $101.20: filled at the open")
    }

    @Test func aTargetReachedByTheHigh() {
        let t = ExitTrigger(reason: .takeProfit, level: 121, entryPrice: 110, percent: 10, mark: nil, open: 119, reached: 121.4,
                            atOpen: false)
        #expect(words(t, price: 121)
            == "take profit at $121.00 = entry $110.00 + 10 %; the high of 2020-03-09, $121.40, reached it; filled at $121.00")
    }

    @Test func aTrailingStopNamesTheHighItTrails() {
        let t = ExitTrigger(reason: .trailingStop, level: 108, entryPrice: 100, percent: 10, mark: 120, open: 112, reached: 107.5,
                            atOpen: false)
        #expect(words(t, price: 108)
            == "trailing stop at $108.00 = highest since entry $120.00 − 10 %; the low of 2020-03-09, $107.50, reached it; filled at $108.00")
    }

    @Test func aPriceLevelSaysWhereItCameFrom() {
        let t = ExitTrigger(reason: .stopLoss, level: 95, entryPrice: nil, percent: nil, mark: nil, open: 97, reached: 94,
                            atOpen: false)
        #expect(words(t, price: 95).hasPrefix("stop loss at $95.00 (its price: level, set when the entry was decided); the low of"))
    }

    @Test func aShortsStopLiesAbove() {
        let t = ExitTrigger(reason: .stopLoss, level: 105, entryPrice: 100, percent: 5, mark: nil, open: 103, reached: 105.5,
                            atOpen: false)
        #expect(words(t, closing: .buy, price: 105)
            == "stop loss at $105.00 = entry $100.00 + 5 %; the high of 2020-03-09, $105.50, reached it; filled at $105.00")
    }
}
