import Engine

/// The two passes `ReturnSums` makes over a curve's points: the first gives the sums, the
/// deepest drawdown and each bar's return, the second the moments about the mean.
extension ReturnSums {
    /// What the first pass gives; `returns` are the bars' returns when the curve has up to
    /// `keptReturns` points (the caller frees them), nil when the second pass divides again.
    struct FirstPass {
        let count: Int
        let sum: Double
        let downsideSquares: Double
        let worst: Double
        let allFinite: Bool
        let returns: UnsafeMutablePointer<Double>?

        var mean: Double { sum / Double(max(count, 1)) }

        init(startingCash: Double, points: Points) {
            let count = points.count
            let keep = count <= ReturnSums.keptReturns
            let returns = UnsafeMutablePointer<Double>.allocate(capacity: keep ? max(count, 1) : 1)
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
                        // bar, told by its close alone; a flat bar moves nothing, so every bar up
                        // to the next close that is not finite is one.
                        while i < s.end {
                            if i > 0 && previous == cash {
                                let j = Self.firstNonFinite(closes, from: i, to: s.end)
                                if keep { (returns + i).update(repeating: 0, count: j - i) }
                                i = j
                                if i == s.end { break }
                            }
                            visit(i, EquityCurve.equity(cash: cash, shares: shares, close: closes[i]))
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
            self.count = count
            self.sum = sum
            self.downsideSquares = downsideSquares
            self.worst = worst
            self.allFinite = allFinite
            if keep {
                self.returns = returns
            } else {
                returns.deallocate()
                self.returns = nil
            }
        }

        /// The second pass: Σ (r − mean)², Σ (r − mean)³ and Σ (r − mean)⁴ in bar order, over
        /// the kept returns or dividing again.
        func moments(startingCash: Double, points: Points) -> Moments {
            var m = Moments()
            let mean = self.mean
            if let returns {
                for i in 0..<count { m.add(returns[i], mean: mean) }
            } else {
                var previous = startingCash
                points.forEach { _, e in
                    m.add(previous != 0 ? e / previous - 1 : 0, mean: mean)
                    previous = e
                }
            }
            return m
        }

        /// The first of `closes[from..<to]` that is not finite, or `to`: four at a time, one
        /// branch for the four (out of the market is most bars of many runs).
        @inline(__always)
        private static func firstNonFinite(_ closes: UnsafePointer<Double>, from: Int, to: Int) -> Int {
            let exponent: UInt64 = 0x7FF0_0000_0000_0000
            var j = from
            while j + 4 <= to {
                let a = closes[j].bitPattern & exponent, b = closes[j + 1].bitPattern & exponent
                let c = closes[j + 2].bitPattern & exponent, d = closes[j + 3].bitPattern & exponent
                // Not finite: every exponent bit set, so the largest masked value is the mask.
                if max(max(a, b), max(c, d)) == exponent { break }
                j += 4
            }
            while j < to && closes[j].isFinite { j += 1 }
            return j
        }
    }

    struct Moments {
        var m2 = 0.0
        var m3 = 0.0
        var m4 = 0.0

        @inline(__always)
        mutating func add(_ r: Double, mean: Double) {
            let d = r - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
    }
}
