import Engine
import Testing
@testable import Report

/// The trade statistics, drawdown periods and monthly returns on curves small enough to
/// work out by hand (the reference simulator checks them on real runs).
@Suite struct PeriodFiguresTests {
    @Test func drawdownPeriodsRunFromPeakToRecovery() {
        //               0    1   2   3    4    5   6   7    8
        let equity = [100.0, 90, 95, 100, 120, 60, 80, 110, 100]
        let periods = DrawdownPeriod.worst(equity)
        // 120 → 60 (50 %), not recovered by the end (110 and 100 stay below 120); 100 → 90 (10 %), back at 3.
        #expect(periods == [DrawdownPeriod(peak: 4, trough: 5, recovery: nil, depthPct: 50),
                            DrawdownPeriod(peak: 0, trough: 1, recovery: 3, depthPct: 10)])
        #expect(DrawdownPeriod.worst([1, 2, 3]).isEmpty)
        #expect(DrawdownPeriod.worst(equity, limit: 1).count == 1)
    }

    @Test func monthlyReturnsCompoundFromTheStartingCash() {
        let times = ["2020-01-02", "2020-01-31", "2020-02-03", "2020-03-02T09:30:00-05:00", "2020-03-31T15:59:00-04:00"]
        let months = MonthlyReturn.of(times: times, equity: [100, 110, 99, 120, 132], startingCash: 100)
        #expect(months.map(\.month) == ["2020-01", "2020-02", "2020-03"])
        let expected = [10.0, -10.0, 100 * (132.0 / 99 - 1)]
        for (m, e) in zip(months, expected) { #expect(abs(m.returnPct - e) < 1e-9, "\(m.month)") }
    }

    /// From the curve's times as numbers, the months are those of the bars' local dates: an
    /// evening bar in New York on the last of the month is still that month, though it is
    /// the next day in UTC.
    @Test func monthlyReturnsFromTheCurveAreTheTextsMonths() {
        var curve = EquityCurve()
        // 2020-01-31 19:00 −05:00 (2020-02-01 in UTC), 2020-02-03 09:30, 2020-03-31 20:00 −04:00, 2020-04-01 09:30.
        curve.times = [1_580_515_200, 1_580_740_200, 1_585_699_200, 1_585_747_800]
        curve.utcOffsets = [-18_000, -18_000, -14_400, -14_400]
        curve.pointEquity = [100, 110, 99, 120]
        let fromTexts = MonthlyReturn.of(times: Array(curve.timeTexts), equity: Array(curve.equity), startingCash: 90)
        #expect(Array(curve.timeTexts) == ["2020-01-31T19:00:00-05:00", "2020-02-03T09:30:00-05:00",
                                           "2020-03-31T20:00:00-04:00", "2020-04-01T09:30:00-04:00"])
        #expect(MonthlyReturn.of(curve: curve, startingCash: 90) == fromTexts)
        #expect(fromTexts.map(\.month) == ["2020-01", "2020-02", "2020-03", "2020-04"])
        var daily = EquityCurve()
        daily.times = [18_292 * 86_400, 18_293 * 86_400, 18_321 * 86_400]  // 2020-01-31, 02-01, 02-29
        daily.pointEquity = [100, 101, 102]
        #expect(MonthlyReturn.of(curve: daily, startingCash: 100).map(\.month) == ["2020-01", "2020-02"])
    }
}
