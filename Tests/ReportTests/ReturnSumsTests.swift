import Testing
@testable import Report

/// `ReturnSums` takes the passes `Metrics` and `ReturnMoments` made over a curve in fewer
/// steps (one pair of passes for both; the drawdown divides only at new lows). Its figures
/// must be those of the plain formulas to the last bit, or a sweep's output would change.
@Suite struct ReturnSumsTests {
    /// The plain formulas: a returns array, then each sum over it in order.
    static func reference(startingCash: Double, equity: [Double]) -> [Double] {
        var previous = startingCash
        let returns = equity.map { e -> Double in
            defer { previous = e }
            return previous != 0 ? e / previous - 1 : 0
        }
        var sum = 0.0, downside = 0.0
        for r in returns {
            sum += r
            downside += min(r, 0) * min(r, 0)
        }
        let mean = sum / Double(max(returns.count, 1))
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for r in returns {
            let d = r - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * (d * d)
        }
        return [sum, downside, m2, m3, m4, Metrics.maxDrawdown(equity)]
    }

    static func figures(_ s: ReturnSums) -> [Double] {
        [s.sum, s.downsideSquares, s.m2, s.m3, s.m4, s.maxDrawdownPct]
    }

    /// Curves a backtest can give: a random walk with flat stretches (out of the market), new
    /// peaks and deep falls, longer than `keptReturns` and shorter; a curve that goes to zero
    /// and below; numbers that are not finite.
    static let curves: [[Double]] = {
        var walk: [Double] = []
        var state: UInt64 = 16
        var e = 10_000.0
        for i in 0..<(ReturnSums.keptReturns + 5_000) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let step = Double(Int64(bitPattern: state >> 11) % 2_001 - 1_000) / 40_000
            if (i / 300) % 3 != 1 { e *= 1 + step }
            walk.append(e)
        }
        return [
            walk,
            Array(walk.prefix(20_000)),
            [],
            [100],
            [100, 100, 100],
            [100, 120, 90, 130, 65, 65, 70, 64.999, 200],
            [100, 50, 0, -20, 10, 0, 5],
            [-5, -10, -1, 3, 1],
            [100, .nan, 90, .infinity, 80, -.infinity, 120, 60],
            [100, .infinity, .infinity, 50],
            [1e300, 1e-300, 1e308, 5e-324, 1e308],
        ]
    }()

    @Test(arguments: curves.indices)
    func sumsAreThoseOfTheReturnsArrayBitForBit(_ k: Int) {
        let curve = Self.curves[k]
        let sums = ReturnSums(startingCash: 100, equity: curve)
        let got = Self.figures(sums).map(\.bitPattern)
        let want = Self.reference(startingCash: 100, equity: curve).map(\.bitPattern)
        #expect(got == want, "curve \(k)")
        #expect(sums.count == curve.count)
        #expect(sums.allFinite == curve.allSatisfy(\.isFinite))
    }

    @Test func metricsAndMomentsFromOneSetOfSumsEqualTheirOwn() {
        let curve = Self.curves[1]
        let times = curve.indices.map { Int64($0) * 86_400 }
        let sums = ReturnSums(startingCash: 10_000, equity: curve)
        let shared = Metrics(startingCash: 10_000, equity: curve, times: times, invested: curve, periodsPerYear: 252, sums: sums)
        #expect(shared == Metrics(startingCash: 10_000, equity: curve, times: times, invested: curve, periodsPerYear: 252))
        #expect(ReturnMoments(sums: sums) == ReturnMoments(startingCash: 10_000, equity: curve))
        #expect(shared.sharpe != nil && ReturnMoments(sums: sums).kurtosis != nil)
    }
}
