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
        guard let marks = curve.marks else {
            self.init(startingCash: startingCash, equity: curve.pointEquity)
            return
        }
        self = marks.closes.withUnsafeBufferPointer { closes in
            marks.stretches.withUnsafeBufferPointer { stretches in
                Self(startingCash: startingCash, points: .stretches(closes: closes.baseAddress.map { $0 + marks.first }, stretches))
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
        count = points.count
        let keep = count <= Self.keptReturns
        let returns = UnsafeMutablePointer<Double>.allocate(capacity: keep ? max(count, 1) : 1)
        defer { returns.deallocate() }
        var sum = 0.0, downsideSquares = 0.0
        var peak = -Double.infinity, trough = -Double.infinity, worst = 0.0
        var previous = startingCash
        var allFinite = true
        func visit(_ i: Int, _ e: Double) {
            // A flat bar (out of the market, or nothing moved): its return is 0 exactly, which
            // leaves both sums as they were, and the peak and low stay where the bar before put
            // them; only the first bar (no peak yet) and a repeated infinity (∞/∞ is NaN) divide.
            if i > 0 && e == previous && e.isFinite {
                if keep { returns[i] = 0 }
                return
            }
            allFinite = allFinite && e.isFinite
            let r = previous != 0 ? e / previous - 1 : 0
            if keep { returns[i] = r }
            sum += r
            downsideSquares += min(r, 0) * min(r, 0)
            // `Metrics.maxDrawdown`'s figure, dividing only at a new low since the peak: under
            // one peak, (peak − e) / peak × 100 rounds to no more for a higher e, so the lows
            // give the maximum to the last bit (a new peak's own fall is 0; NaN is skipped in both).
            if e >= peak {
                peak = e
                trough = e
            } else if e < trough {
                trough = e
                if peak > 0 { worst = max(worst, (peak - e) / peak * 100) }
            }
            previous = e
        }
        if case .stretches(let closes?, let stretches) = points {
            var i = 0
            for s in stretches {
                let cash = s.cash, shares = s.shares
                if shares == 0 && cash.isFinite {
                    // Out of the market: a point is the cash plus ±0 (no shares times a finite
                    // close), equal to it, so once the bar before is at the cash it is a flat
                    // bar, told by its close alone.
                    while i < s.end {
                        if i > 0 && previous == cash && closes[i].isFinite {
                            if keep { returns[i] = 0 }
                        } else {
                            visit(i, EquityCurve.equity(cash: cash, shares: shares, close: closes[i]))
                        }
                        i += 1
                    }
                } else {
                    while i < s.end {
                        visit(i, EquityCurve.equity(cash: cash, shares: shares, close: closes[i]))
                        i += 1
                    }
                }
            }
        } else {
            points.forEach(visit)
        }
        self.sum = sum
        self.downsideSquares = downsideSquares
        maxDrawdownPct = worst
        self.allFinite = allFinite
        let mean = sum / Double(max(count, 1))
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        func add(_ r: Double) {
            let d = r - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        if keep {
            for i in 0..<count { add(returns[i]) }
        } else {
            previous = startingCash
            points.forEach { _, e in
                add(previous != 0 ? e / previous - 1 : 0)
                previous = e
            }
        }
        self.m2 = m2
        self.m3 = m3
        self.m4 = m4
    }
}
