import Testing
import Vocabulary

/// The one share-rounding rule of backtest fills and live orders.
@Suite struct ShareRoundingTests {
    @Test func wholeSharesForgiveRoundingNoise() {
        #expect(ShareRounding.shares(99.9999999999, fractional: false) == 100)
        #expect(ShareRounding.shares(99.99999, fractional: false) == 99)
        #expect(ShareRounding.shares(0.7 * 10_000 / 70, fractional: false) == 100)
        #expect(ShareRounding.shares(0.1234567, fractional: true) == 0.123456)
        #expect(ShareRounding.shares(2.9999999999999, fractional: true) == 3)
    }

    /// The backtest's copy had no guard: infinitely many shares stayed infinite (a buy then
    /// took all the cash) and NaN stayed NaN. Live orders already sent nothing.
    @Test(arguments: [Double.nan, .infinity, -.infinity, -5, 0, 0.4])
    func aCountThatIsNotAPositiveNumberIsNothing(_ q: Double) {
        #expect(ShareRounding.shares(q, fractional: false) == 0)
        #expect(ShareRounding.shares(q, fractional: true) == (q == 0.4 ? 0.4 : 0))
    }
}
