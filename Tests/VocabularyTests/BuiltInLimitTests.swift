import Testing
import Vocabulary

/// The built-in limits in the order they are checked, each with its id, figure and outcome.
struct BuiltInLimitTests {
    @Test func theLimitsInCheckOrder() {
        #expect(BuiltInLimit.allCases.map(\.id) == ["max_position_per_symbol", "max_gross_notional", "daily_max_drawdown",
                                                   "approval_threshold", "max_short_notional"])
        #expect(BuiltInLimit.allCases.map(\.figure) == ["position_value_after", "gross_exposure_after", "drawdown_today", "notional",
                                                       "short_value_after"])
        #expect(BuiltInLimit.allCases.map(\.outcomeOnFailure) == [.block, .block, .block, .needsApproval, .block])
        #expect(BuiltInLimit.count == 5)
        #expect(BuiltInLimit.count == BuiltInLimit.allCases.count)
    }

    @Test func aLimitsIndexIsItsPlaceInCheckOrder() {
        for (place, limit) in BuiltInLimit.allCases.enumerated() {
            #expect(limit.index == place)
            #expect(BuiltInLimit(index: place) == limit)
        }
        #expect(BuiltInLimit(index: BuiltInLimit.count) == nil)
        #expect(BuiltInLimit(index: -1) == nil)
    }

    @Test func theWordsThatNeedNoNumbers() {
        #expect(BuiltInLimit.allCases.map(\.notSetWords) == ["no limit set", "no limit set", "no limit set", "no threshold set",
                                                             "shorting is off (no max_short_notional set)"])
        #expect(BuiltInLimit.dailyMaxDrawdown.missingWords == "today's drawdown is unknown (account equity missing)")
        #expect(BuiltInLimit.maxPositionPerSymbol.missingWords
            == "the price or equity is missing, so the position cannot be valued")
    }
}
