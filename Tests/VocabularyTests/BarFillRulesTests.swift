import Testing
import Vocabulary

/// The fill rules of issue 14, one bar at a time: the same sentences docs/BACKTEST.md gives.
@Suite struct BarFillRulesTests {
    let bar = BarPrices(open: 100, high: 106, low: 95)

    @Test func aMarketOrderFillsAtTheOpen() {
        #expect(BarFillRules.orderFill(side: .buy, type: .market, limit: nil, stop: nil, bar: bar) == 100)
        #expect(BarFillRules.orderFill(side: .sell, type: .market, limit: nil, stop: nil, bar: bar) == 100)
    }

    @Test func aLimitBuyFillsAtTheLimitOrAtAnOpenBelowIt() {
        #expect(BarFillRules.orderFill(side: .buy, type: .limit, limit: 97, stop: nil, bar: bar) == 97)
        #expect(BarFillRules.orderFill(side: .buy, type: .limit, limit: 101, stop: nil, bar: bar) == 100)
        #expect(BarFillRules.orderFill(side: .buy, type: .limit, limit: 94.99, stop: nil, bar: bar) == nil)
        #expect(BarFillRules.orderFill(side: .buy, type: .limit, limit: 95, stop: nil, bar: bar) == 95)
    }

    @Test func aLimitSellMirrorsIt() {
        #expect(BarFillRules.orderFill(side: .sell, type: .limit, limit: 104, stop: nil, bar: bar) == 104)
        #expect(BarFillRules.orderFill(side: .sell, type: .limit, limit: 99, stop: nil, bar: bar) == 100)
        #expect(BarFillRules.orderFill(side: .sell, type: .limit, limit: 106.01, stop: nil, bar: bar) == nil)
    }

    @Test func aStopBuyFillsAtTheStopOrAtAnOpenAboveIt() {
        #expect(BarFillRules.orderFill(side: .buy, type: .stop, limit: nil, stop: 103, bar: bar) == 103)
        #expect(BarFillRules.orderFill(side: .buy, type: .stop, limit: nil, stop: 99, bar: bar) == 100)
        #expect(BarFillRules.orderFill(side: .buy, type: .stop, limit: nil, stop: 107, bar: bar) == nil)
        #expect(BarFillRules.orderFill(side: .sell, type: .stop, limit: nil, stop: 96, bar: bar) == 96)
        #expect(BarFillRules.orderFill(side: .sell, type: .stop, limit: nil, stop: 101, bar: bar) == 100)
    }

    @Test func aStopLimitTriggersThenActsAsALimit() {
        // Triggered inside the bar at 103, limit above it: fills at the trigger.
        #expect(BarFillRules.orderFill(side: .buy, type: .stopLimit, limit: 104, stop: 103, bar: bar) == 103)
        // Limit below the trigger: fills at the limit when the low reaches it.
        #expect(BarFillRules.orderFill(side: .buy, type: .stopLimit, limit: 98, stop: 103, bar: bar) == 98)
        // Gap above the stop at the open, limit above the open: the open.
        #expect(BarFillRules.orderFill(side: .buy, type: .stopLimit, limit: 101, stop: 99, bar: bar) == 100)
        // Never triggered.
        #expect(BarFillRules.orderFill(side: .buy, type: .stopLimit, limit: 110, stop: 107, bar: bar) == nil)
        // Triggered but the limit is never reached.
        #expect(BarFillRules.orderFill(side: .buy, type: .stopLimit, limit: 94, stop: 103, bar: bar) == nil)
        #expect(BarFillRules.orderFill(side: .sell, type: .stopLimit, limit: 96, stop: 97, bar: bar) == 97)
        #expect(BarFillRules.orderFill(side: .sell, type: .stopLimit, limit: 105, stop: 97, bar: bar) == 105)
    }

    @Test func anOrderMissingItsPriceOrFacingNaNFillsNothing() {
        #expect(BarFillRules.orderFill(side: .buy, type: .limit, limit: nil, stop: nil, bar: bar) == nil)
        #expect(BarFillRules.orderFill(side: .buy, type: .limit, limit: .nan, stop: nil, bar: bar) == nil)
        #expect(BarFillRules.orderFill(side: .buy, type: .trailingStop, limit: nil, stop: 99, bar: bar) == nil)
        let nanBar = BarPrices(open: .nan, high: .nan, low: .nan)
        #expect(BarFillRules.orderFill(side: .buy, type: .market, limit: nil, stop: nil, bar: nanBar) == nil)
        #expect(BarFillRules.exitFill(closing: .sell, levels: ExitLevels(stopLoss: 99), bar: nanBar) == nil)
    }

    @Test func aLongStopFillsAtTheStopOrAtAGapOpen() {
        let stop = ExitLevels(stopLoss: 96)
        #expect(BarFillRules.exitFill(closing: .sell, levels: stop, bar: bar) == ExitFill(price: 96, reason: .stopLoss, atOpen: false))
        let gap = BarPrices(open: 93, high: 97, low: 92)
        #expect(BarFillRules.exitFill(closing: .sell, levels: stop, bar: gap) == ExitFill(price: 93, reason: .stopLoss, atOpen: true))
        #expect(BarFillRules.exitFill(closing: .sell, levels: ExitLevels(stopLoss: 94), bar: bar) == nil)
    }

    @Test func aLongTargetFillsAtTheTargetOrAtAGapOpen() {
        let target = ExitLevels(takeProfit: 105)
        #expect(BarFillRules.exitFill(closing: .sell, levels: target, bar: bar) == ExitFill(price: 105, reason: .takeProfit, atOpen: false))
        let gap = BarPrices(open: 108, high: 110, low: 107)
        #expect(BarFillRules.exitFill(closing: .sell, levels: target, bar: gap) == ExitFill(price: 108, reason: .takeProfit, atOpen: true))
    }

    @Test func whenStopAndTargetAreBothReachedInsideABarTheStopFills() {
        let both = ExitLevels(stopLoss: 96, takeProfit: 105)
        #expect(BarFillRules.exitFill(closing: .sell, levels: both, bar: bar) == ExitFill(price: 96, reason: .stopLoss, atOpen: false))
        // ...unless the bar opened through the target: then the target filled first, at the open.
        let gapUp = BarPrices(open: 105.5, high: 106, low: 95)
        #expect(BarFillRules.exitFill(closing: .sell, levels: both, bar: gapUp) == ExitFill(price: 105.5, reason: .takeProfit, atOpen: true))
    }

    @Test func theTighterOfStopLossAndTrailingStopIsTheStop() {
        let levels = ExitLevels(stopLoss: 94, trailingStop: 97)
        #expect(BarFillRules.exitFill(closing: .sell, levels: levels, bar: bar) == ExitFill(price: 97, reason: .trailingStop, atOpen: false))
        let tie = ExitLevels(stopLoss: 97, trailingStop: 97)
        #expect(BarFillRules.exitFill(closing: .sell, levels: tie, bar: bar)?.reason == .stopLoss)
    }

    @Test func aShortsExitsAreMirrored() {
        let levels = ExitLevels(stopLoss: 105, takeProfit: 96)
        #expect(BarFillRules.exitFill(closing: .buy, levels: levels, bar: bar) == ExitFill(price: 105, reason: .stopLoss, atOpen: false))
        let gapUp = BarPrices(open: 107, high: 108, low: 106)
        #expect(BarFillRules.exitFill(closing: .buy, levels: levels, bar: gapUp) == ExitFill(price: 107, reason: .stopLoss, atOpen: true))
        #expect(BarFillRules.exitFill(closing: .buy, levels: ExitLevels(takeProfit: 96), bar: bar) == ExitFill(price: 96, reason: .takeProfit, atOpen: false))
        #expect(BarFillRules.exitFill(closing: .buy, levels: ExitLevels(stopLoss: 104, trailingStop: 103), bar: bar)?.price == 103)
    }

    @Test func aTrailingStopTrailsTheExtremeByAPercentOrAnAmount() {
        #expect(BarFillRules.trailingStopLevel(closing: .sell, extreme: 200, percent: 3) == 194)
        #expect(BarFillRules.trailingStopLevel(closing: .buy, extreme: 200, percent: 3) == 206)
        #expect(BarFillRules.trailingStopLevel(closing: .sell, extreme: 200, amount: 2.5) == 197.5)
        #expect(BarFillRules.trailingStopLevel(closing: .buy, extreme: 200, amount: 2.5) == 202.5)
    }
}
