import Foundation
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

    /// The rounding down is done without a call of `floor` (`wholePart`): it must give the
    /// very doubles `rounded(.down)` gives, bit for bit, at whole numbers and a hair around
    /// them, at 2^52 and 2^53 where doubles stop having fractions, past `Int64`, at the
    /// largest double (whose fractional count overflows to infinity) and over a seeded spread.
    @Test func roundingDownWithoutFloorGivesFloorsDoubles() {
        func reference(_ q: Double, fractional: Bool) -> Double {
            guard q.isFinite, q > 0 else { return 0 }
            return fractional ? ((q + 1e-12) * 1_000_000).rounded(.down) / 1_000_000 : (q + 1e-9).rounded(.down)
        }
        var counts: [Double] = [.leastNonzeroMagnitude, .leastNormalMagnitude, 1e-12, 1e-9, 0.5, 1, 2, 100, 1e6, 123_456.789,
                                4_503_599_627_370_496, 9_007_199_254_740_992, 9.3e18, 1e19, 1e300, .greatestFiniteMagnitude]
        for k in [Double(1), 3, 100, 4_503_599_627_370_495, 4_503_599_627_370_496, 4_503_599_627_370_497] {
            var below = k, above = k
            for _ in 0..<4 {
                below = below.nextDown
                above = above.nextUp
                counts += [below, above, below / 1_000_000, above / 1_000_000, k - 1e-9, k - 2e-9, k / 1_000_000 - 1e-12]
            }
        }
        var seed: UInt64 = 27
        for _ in 0..<20_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let exponent = Double(Int(seed >> 58)) - 20     // 2^-20 ... 2^43
            counts.append(Double(seed >> 11) / Double(1 << 53) * pow(2, exponent))
        }
        for q in counts {
            for fractional in [false, true] {
                #expect(ShareRounding.shares(q, fractional: fractional).bitPattern == reference(q, fractional: fractional).bitPattern,
                        "\(q) fractional: \(fractional)")
            }
        }
    }
}
