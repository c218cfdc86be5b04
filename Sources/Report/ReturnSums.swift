import Engine

/// What `Metrics` and `ReturnMoments` read from an equity curve, in two passes and no
/// array: the sums over its per-bar returns (each close over the one before, the first over
/// the starting cash) and its deepest drawdown. A sweep makes both from one `ReturnSums` for
/// each of its thousands of runs. Every sum adds the same terms in the same order as summing
/// a returns array would, so the figures are the same to the last bit.
package struct ReturnSums: Sendable {
    package let count: Int
    package let sum: Double
    /// Σ min(r, 0)².
    package let downsideSquares: Double
    /// Σ (r − mean)², Σ (r − mean)³ and Σ (r − mean)⁴.
    package let m2: Double
    package let m3: Double
    package let m4: Double
    /// `Metrics.maxDrawdown` of the curve.
    package let maxDrawdownPct: Double
    /// Every point is a finite number (else a backtest reports the overflow).
    package let allFinite: Bool

    package var mean: Double { sum / Double(max(count, 1)) }

    /// Curves up to this many points keep their returns from the first pass for the second
    /// (a division per bar costs as much as the rest of both passes); longer ones divide
    /// again rather than hold 8 bytes per bar. The figures are the same either way.
    static let keptReturns = 1 << 16

    package init(startingCash: Double, equity: [Double]) {
        self = equity.withUnsafeBufferPointer { Self(startingCash: startingCash, points: .points($0)) }
    }

    /// The sums of a run's curve, walked stretch by stretch when it keeps stretches (each
    /// point `cash + shares × close`, as the engine computes it): no point is written.
    package init(startingCash: Double, curve: EquityCurve) {
        self = Self.withPoints(curve) { Self(startingCash: startingCash, points: $0) }
    }

    /// The sums of two runs' curves, each the same to the bit as `init(startingCash:curve:)`
    /// gives, with the two second passes run side by side: each adds a term per bar to its
    /// sums in order, so it waits on its own additions, and two of them wait together (a
    /// sweep runs its combinations two at a time for this).
    package static func pair(startingCash: Double, _ a: EquityCurve, _ b: EquityCurve) -> (ReturnSums, ReturnSums) {
        withPoints(a) { pa in
            withPoints(b) { pb in
                let fa = FirstPass(startingCash: startingCash, points: pa), fb = FirstPass(startingCash: startingCash, points: pb)
                defer {
                    fa.returns?.deallocate()
                    fb.returns?.deallocate()
                }
                guard let ra = fa.returns, let rb = fb.returns, fa.count == fb.count else {
                    return (Self(fa, fa.moments(startingCash: startingCash, points: pa)),
                            Self(fb, fb.moments(startingCash: startingCash, points: pb)))
                }
                var ma = Moments(), mb = Moments()
                let meanA = fa.mean, meanB = fb.mean
                for i in 0..<fa.count {
                    ma.add(ra[i], mean: meanA)
                    mb.add(rb[i], mean: meanB)
                }
                return (Self(fa, ma), Self(fb, mb))
            }
        }
    }

    private static func withPoints<R>(_ curve: EquityCurve, _ body: (Points) -> R) -> R {
        guard let marks = curve.marks else {
            return curve.pointEquity.withUnsafeBufferPointer { body(.points($0)) }
        }
        return marks.closes.withUnsafeBufferPointer { closes in
            marks.stretches.withUnsafeBufferPointer { stretches in
                body(.stretches(closes: closes.baseAddress.map { $0 + marks.first }, stretches))
            }
        }
    }

    /// A curve's points, as an array or as stretches over closes (`EquityCurve.Marks`).
    enum Points {
        case points(UnsafeBufferPointer<Double>)
        case stretches(closes: UnsafePointer<Double>?, UnsafeBufferPointer<EquityCurve.Stretch>)

        var count: Int {
            switch self {
            case .points(let p): return p.count
            case .stretches(_, let s): return s.last?.end ?? 0
            }
        }

        /// Calls `body` with each point's index and equity, in order.
        @inline(__always)
        func forEach(_ body: (Int, Double) -> Void) {
            switch self {
            case .points(let p):
                for i in 0..<p.count { body(i, p[i]) }
            case .stretches(let closes, let stretches):
                guard let closes else { return }
                var i = 0
                for s in stretches {
                    let cash = s.cash, shares = s.shares
                    while i < s.end {
                        body(i, EquityCurve.equity(cash: cash, shares: shares, close: closes[i]))
                        i += 1
                    }
                }
            }
        }
    }

    private init(startingCash: Double, points: Points) {
        let first = FirstPass(startingCash: startingCash, points: points)
        defer { first.returns?.deallocate() }
        self.init(first, first.moments(startingCash: startingCash, points: points))
    }

    private init(_ first: FirstPass, _ moments: Moments) {
        count = first.count
        sum = first.sum
        downsideSquares = first.downsideSquares
        maxDrawdownPct = first.worst
        allFinite = first.allFinite
        m2 = moments.m2
        m3 = moments.m3
        m4 = moments.m4
    }
}
