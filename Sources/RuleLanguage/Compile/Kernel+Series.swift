/// The steps of the newer one-series kernels (`stdev`, `wma`, the EMAs inside MACD, Wilder's
/// smoothing inside `atr`), shared by the bar-at-a-time and the block path so both give the
/// same doubles. Where TA-Lib's arithmetic is kept operation for operation, the comment says
/// so: `scripts/check-indicators.py` compares with TA-Lib.
extension Kernel {
    /// Population standard deviation of the last n inputs. Running sums of x and x² (what
    /// TA-Lib does) lose digits on long series: E[x²] − E[x]² cancels when the values sit far
    /// from zero, and the sums carry every rounding error since the start. Here the sums are
    /// of x − K, where K is the window's mean at the last exact pass: once per window (when the
    /// ring's head wraps) K and both sums are recomputed from the ring in two passes, and in
    /// between the sums slide. The deviations from K are small, so nothing large cancels, and
    /// no error outlives n bars. s: ring[0..<n], K, Σ(x − K), Σ(x − K)²; k: count, head.
    @inline(__always)
    static func stdev(_ x: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        let head = k[1]
        let old = s[head]
        s[head] = x
        let next = head + 1 == n ? 0 : head + 1
        k[1] = next
        if k[0] < n {
            k[0] += 1
            guard k[0] == n else { return .nan }
        }
        if next == 0 {
            var sum = 0.0
            for i in 0..<n { sum += s[i] }
            let anchor = sum / Double(n)
            var first = 0.0, second = 0.0
            for i in 0..<n {
                let d = s[i] - anchor
                first += d
                second += d * d
            }
            s[n] = anchor
            s[n + 1] = first
            s[n + 2] = second
        } else {
            let new = x - s[n], gone = old - s[n]
            s[n + 1] += new - gone
            s[n + 2] += (new - gone) * (new + gone)
        }
        let dn = Double(n)
        return (Swift.max(s[n + 2] - s[n + 1] * s[n + 1] / dn, 0) / dn).squareRoot()
    }

    /// Weighted moving average, weights 1 … n (newest heaviest), as TA-Lib's WMA: the
    /// weighted sum slides by `+ n·x − (sum of the window before)`, and is recomputed from
    /// the ring each time the head wraps. s: ring[0..<n], sum, weighted sum; k: count, head.
    @inline(__always)
    static func wma(_ x: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        let head = k[1]
        let old = s[head]
        s[head] = x
        let next = head + 1 == n ? 0 : head + 1
        k[1] = next
        let divider = Double(n * (n + 1) / 2)
        if k[0] < n {
            k[0] += 1
            s[n] += x
            s[n + 1] += Double(k[0]) * x
            return k[0] == n ? s[n + 1] / divider : .nan
        }
        if next == 0 {
            // The head is back at 0, so ring[0] is the oldest value: weights 1 … n in order.
            var sum = 0.0, weighted = 0.0
            for i in 0..<n {
                sum += s[i]
                weighted += Double(i + 1) * s[i]
            }
            s[n] = sum
            s[n + 1] = weighted
        } else {
            s[n + 1] += Double(n) * x - s[n]
            s[n] += x - old
        }
        return s[n + 1] / divider
    }

    /// The EMA inside TA-Lib's MACD: seeded with the simple average of its first n inputs,
    /// then `((x − prev) × k) + prev` with k = 2/(n+1), TA-Lib's order of operations. (The
    /// language's `ema` keeps its own, older form `k·x + (1−k)·prev`: same seed, the last
    /// bits differ.) MACD's fast EMA starts late, so that both seeds end on the same bar
    /// (its kernel's `start`). s: value, seed sum; k: count.
    @inline(__always)
    static func macdEMA(_ x: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        if k[0] < n {
            k[0] += 1
            s[1] += x
            guard k[0] == n else { return .nan }
            s[0] = s[1] / Double(n)
            return s[0]
        }
        s[0] = (x - s[0]) * (2.0 / Double(n + 1)) + s[0]
        return s[0]
    }

    /// Wilder's smoothing (TA-Lib's ATR): the simple average of the first n inputs, then
    /// `(prev × (n−1) + x) / n`. s: value, seed sum; k: count.
    @inline(__always)
    static func wilder(_ x: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        if k[0] < n {
            k[0] += 1
            s[1] += x
            guard k[0] == n else { return .nan }
            s[0] = s[1] / Double(n)
            return s[0]
        }
        s[0] = (s[0] * Double(n - 1) + x) / Double(n)
        return s[0]
    }
}
