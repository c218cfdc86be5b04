@testable import Engine
import Testing
@testable import Report

/// A one-symbol run keeps its curve as stretches between fills (`EquityCurve.Marks`); the
/// summary passes walk the stretches instead of reading points. Their figures must be those
/// of the same curve read point by point, to the last bit, or a report or a sweep would change.
@Suite struct CurveStretchSumsTests {
    typealias Stretch = (count: Int, cash: Double, shares: Double)

    /// A curve kept as stretches over `closes` from bar `first`, a day per point.
    static func curve(_ closes: [Double], first: Int = 0, _ stretches: [Stretch]) -> EquityCurve {
        var curve = EquityCurve()
        curve.startMarks(closes: closes, first: first)
        for s in stretches { curve.appendMarks(cash: s.cash, shares: s.shares, count: s.count) }
        curve.times = (0..<curve.equity.count).map { Int64($0) * 86_400 }
        return curve
    }

    /// The same points kept one by one, as the bar-by-bar loop appends them.
    static func pointByPoint(_ curve: EquityCurve) -> EquityCurve {
        var points = EquityCurve()
        points.times = curve.times
        points.pointEquity = Array(curve.equity)
        points.pointInvested = Array(curve.invested)
        return points
    }

    /// Bits to compare, every NaN as one: which NaN an operation on two of them keeps (its
    /// sign, its payload) is the processor's and the compiler's choice, and no report shows it.
    static func bits(_ values: [Double]) -> [UInt64] { values.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern } }

    static let walk: [Double] = {
        var closes: [Double] = []
        var state: UInt64 = 7
        var c = 100.0
        for _ in 0..<(ReturnSums.keptReturns + 3_000) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            c *= 1 + Double(Int64(bitPattern: state >> 11) % 2_001 - 1_000) / 50_000
            closes.append(c)
        }
        return closes
    }()

    /// Long, short and flat stretches over a long walk (longer than `keptReturns`, whose
    /// second pass divides again), with a fill on the first and on the last point.
    static let longRun: [Stretch] = {
        var stretches: [Stretch] = [(1, 10_000, 0)]
        var cash = 10_000.0, left = walk.count - 2, k = 0
        while left > 0 {
            let n = min(left, 17 + (k * 37) % 450)
            let shares = k % 3 == 0 ? 0 : (k % 3 == 1 ? 41.5 : -38)
            stretches.append((n, cash, shares))
            cash += shares == 0 ? 0 : -shares * 0.25
            left -= n
            k += 1
        }
        stretches.append((1, cash, 0))
        return stretches
    }()

    static let curves: [EquityCurve] = [
        curve(walk, longRun),
        curve(Array(walk.prefix(900)), first: 100, [(1, 10_000, 0), (300, 10_000, 0), (1, 2_000, 80), (200, 2_000, 80),
                                                   (98, 18_500, -90), (199, 18_400, 0), (1, 18_400, 10)]),
        curve([], []),
        curve([101], [(1, 5_000, 50)]),
        curve([101, 102], [(1, 5_000, 0), (1, 5_000, 0)]),
        curve([100, 0, 50, 1e-300, 7], [(2, 10_000, -100), (3, 10_000, 100)]),
        curve([100, .nan, 90, .infinity, 80, -.infinity, 120, 60], [(3, 1_000, 10), (3, 1_000, 0), (2, 500, -5)]),
        curve([100, .infinity, .infinity, 50], [(4, 1_000, 1)]),
        curve([5, .infinity, 5, .nan, 6, -.infinity], [(6, 1_000, 0)]),
        curve([5, 6, .nan, 7, 8, 9, .infinity, 10, 11, 12, .nan], [(4, 1_000, 0), (7, 1_000, 0)]),
        curve([5, 6, 7, .nan, .nan, 8, 9], [(2, 1_000, 3), (5, 1_000, 0)]),
        curve([5, 6, 7, 8], [(2, -0.0, 0), (2, 0.0, 0)]),
        curve([1e300, 1e308, 5e-324, 1e308], [(2, 1e308, 1), (2, -1e300, 1e10)]),
    ]

    @Test(arguments: curves.indices)
    func sumsOverStretchesAreThoseOfThePointsBitForBit(_ k: Int) {
        let curve = Self.curves[k]
        let points = Array(curve.equity)
        let sums = ReturnSums(startingCash: 10_000, curve: curve)
        #expect(Self.bits(ReturnSumsTests.figures(sums)) == Self.bits(ReturnSumsTests.reference(startingCash: 10_000, equity: points)),
                "curve \(k)")
        #expect(Self.bits(ReturnSumsTests.figures(sums)) == Self.bits(ReturnSumsTests.figures(ReturnSums(startingCash: 10_000, equity: points))),
                "curve \(k)")
        #expect(sums.count == points.count && sums.allFinite == points.allSatisfy(\.isFinite), "curve \(k)")
        #expect(curve.firstNonFiniteEquity() == points.firstIndex { !$0.isFinite }, "curve \(k)")
    }

    /// A sweep sums two runs' curves together (`ReturnSums.pair`, the second passes side by
    /// side); each must be what it alone gives, whether or not their lengths match.
    @Test func pairedSumsAreEachCurvesOwn() {
        let closes = Array(Self.walk.prefix(900))
        let curves = Self.curves + [
            Self.curve(closes, first: 100, [(450, 10_000, 0), (449, 10_000, 20), (1, 14_000, 0)]),
            Self.curve(closes, first: 100, [(1, 10_000, 0), (898, 9_000, -15), (1, 9_000, 0)]),
        ]
        func figures(_ sums: ReturnSums) -> [UInt64] { Self.bits(ReturnSumsTests.figures(sums) + [Double(sums.count), sums.allFinite ? 1 : 0]) }
        for (i, a) in curves.enumerated() {
            for (j, b) in curves.enumerated() {
                let (x, y) = ReturnSums.pair(startingCash: 10_000, a, b)
                #expect(figures(x) == figures(ReturnSums(startingCash: 10_000, curve: a)), "curve \(i) beside \(j)")
                #expect(figures(y) == figures(ReturnSums(startingCash: 10_000, curve: b)), "curve \(j) beside \(i)")
            }
        }
    }

    @Test(arguments: curves.indices)
    func metricsAndDrawdownsOverStretchesAreThoseOfThePoints(_ k: Int) {
        let curve = Self.curves[k]
        let points = Self.pointByPoint(curve)
        let a = Metrics(startingCash: 10_000, curve: curve, periodsPerYear: 252)
        let b = Metrics(startingCash: 10_000, curve: points, periodsPerYear: 252)
        let figures = { (m: Metrics) in Self.bits([m.finalEquity, m.totalReturnPct, m.maxDrawdownPct, m.sharpe ?? -1, m.sortino ?? -1,
                                                   m.cagrPct ?? -1, m.exposurePct]) }
        #expect(figures(a) == figures(b), "curve \(k)")
        let periods = { (d: [DrawdownPeriod]) in d.map { "\($0.peak) \($0.trough) \($0.recovery ?? -1) \(Self.bits([$0.depthPct]))" } }
        #expect(periods(DrawdownPeriod.worst(curve.equity)) == periods(DrawdownPeriod.worst(points.pointEquity)), "curve \(k)")
        #expect(Self.bits(MonthlyReturn.of(curve: curve, startingCash: 10_000).map(\.returnPct))
            == Self.bits(MonthlyReturn.of(curve: points, startingCash: 10_000).map(\.returnPct)), "curve \(k)")
    }

    /// The exposure counts points with money in the market: none in a stretch without
    /// shares (whatever its closes), and in one with shares those whose value is above 0.
    @Test func exposureCountsThePointsWithAValueAboveZero() {
        let curve = Self.curve([100, 0, 50, .nan, 7, .infinity, 3, 4], [(2, 1_000, 0), (3, 1_000, -2), (3, 1_000, 0)])
        // Points: flat, flat, 100, NaN (not counted), 14, flat, flat, flat.
        #expect(Metrics(startingCash: 1_000, curve: curve, periodsPerYear: 252).exposurePct == 2.0 / 8 * 100)
    }
}
