/// The steps of the kernels of the whole bar (`true_range`, `adx`, `cci`, `mfi`, `willr`,
/// `obv`, `vwap`), shared by the bar-at-a-time and the block path. Each keeps TA-Lib's
/// order of operations and its tests for "zero" (TA-Lib 0.8), so they agree with TA-Lib to
/// the last bits or close to it; `scripts/check-indicators.py` compares them on every bundled
/// daily file. `k[0]` counts the bars a kernel has seen.
extension Kernel {
    /// One bar through a bar kernel on the register file (`advance`).
    @inline(__always)
    func barStep(_ r: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        let high = r[BarField.high.rawValue], low = r[BarField.low.rawValue]
        let close = r[BarField.close.rawValue], volume = r[BarField.volume.rawValue]
        let n = Int(period)
        switch op {
        case .trueRange: return Self.trueRange(high, low, close, s, k)
        case .adx: return Self.adx(high, low, close, n, s, k)
        case .cci: return Self.cci(high, low, close, n, s, k)
        case .mfi: return Self.mfi(high, low, close, volume, n, s, k)
        case .willr: return Self.willr(high, low, close, n, s, k)
        case .obv: return Self.obv(close, volume, s, k)
        default: return Self.vwap(high, low, close, volume, session: r[Int(a)], s)
        }
    }

    /// TA-Lib's TA_IS_ZERO (0.8: an absolute band of 1e-14).
    @inline(__always)
    static func isZero(_ v: Double) -> Bool { -1e-14 < v && v < 1e-14 }

    /// The largest of high − low, |high − previous close|, |low − previous close|.
    @inline(__always)
    static func range(_ high: Double, _ low: Double, previousClose: Double) -> Double {
        var greatest = high - low
        let up = Swift.abs(high - previousClose), down = Swift.abs(low - previousClose)
        if up > greatest { greatest = up }
        if down > greatest { greatest = down }
        return greatest
    }

    /// Wilder's true range; none on the first bar (no previous close). s: previous close.
    @inline(__always)
    static func trueRange(_ high: Double, _ low: Double, _ close: Double, _ s: UnsafeMutablePointer<Double>,
                          _ k: UnsafeMutablePointer<Int>) -> Double {
        let previous = s[0]
        s[0] = close
        guard k[0] > 0 else { k[0] = 1; return .nan }
        return range(high, low, previousClose: previous)
    }

    /// Wilder's ADX as TA-Lib computes it: sums of +DM, −DM and true range over bars 1 … n−1,
    /// then Wilder-smoothed; a DX per bar from bar n; the first ADX (bar 2n−1) is the mean of
    /// n DX values, later ones `(prev × (n−1) + DX) / n`. s: previous high, low, close; −DM,
    /// +DM, range sums; DX sum; ADX.
    @inline(__always)
    static func adx(_ high: Double, _ low: Double, _ close: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>,
                    _ k: UnsafeMutablePointer<Int>) -> Double {
        let t = k[0]
        k[0] = t + 1
        guard t > 0 else { s[0] = high; s[1] = low; s[2] = close; return .nan }
        let dn = Double(n)
        let up = high - s[0], down = s[1] - low
        s[0] = high
        s[1] = low
        if t >= n {
            s[3] -= s[3] / dn
            s[4] -= s[4] / dn
        }
        if down > 0 && up < down {
            s[3] += down
        } else if up > 0 && up > down {
            s[4] += up
        }
        let tr = range(high, low, previousClose: s[2])
        s[5] = t < n ? s[5] + tr : s[5] - s[5] / dn + tr
        s[2] = close
        guard t >= n else { return .nan }
        var dx = Double.nan
        if !isZero(s[5]) {
            let minusDI = 100.0 * (s[3] / s[5]), plusDI = 100.0 * (s[4] / s[5])
            let sum = minusDI + plusDI
            if !isZero(sum) { dx = 100.0 * (Swift.abs(minusDI - plusDI) / sum) }
        }
        if t < 2 * n - 1 {
            if !dx.isNaN { s[6] += dx }
            return .nan
        }
        if t == 2 * n - 1 {
            if !dx.isNaN { s[6] += dx }
            s[7] = s[6] / dn
        } else if !dx.isNaN {
            s[7] = (s[7] * Double(n - 1) + dx) / dn
        }
        return s[7]
    }

    /// Commodity channel index: (typical price − its n-bar mean) / (0.015 × mean absolute
    /// deviation), summed over the ring in TA-Lib's order. A window whose typical prices are
    /// all the same (to a trillionth) gives 0, where a rounding residue would otherwise be
    /// divided by another. s: ring of typical prices.
    @inline(__always)
    static func cci(_ high: Double, _ low: Double, _ close: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>,
                    _ k: UnsafeMutablePointer<Int>) -> Double {
        let typical = (high + low + close) / 3
        let head = k[1]
        s[head] = typical
        k[1] = head + 1 == n ? 0 : head + 1
        if k[0] < n {
            k[0] += 1
            guard k[0] == n else { return .nan }
        }
        var average = 0.0
        for j in 0..<n { average += s[j] }
        average /= Double(n)
        var deviation = 0.0
        for j in 0..<n { deviation += Swift.abs(s[j] - average) }
        let distance = typical - average
        guard deviation / Double(n) > 1e-12 * Swift.abs(average), !isZero(distance), !isZero(deviation) else { return 0 }
        return distance / (0.015 * (deviation / Double(n)))
    }

    /// Money flow index as TA-Lib 0.8 computes it: typical price × volume is positive flow
    /// when the typical price rose, negative when it fell, and nothing when it moved by no
    /// more than rounding (1e-14 of the two prices). 100 × positive / (positive + negative)
    /// over the last n bars, 0 for a window with no flow. The sums slide and are re-added
    /// from the rings once per window. s: positive ring, negative ring, previous typical
    /// price, the two sums; k: bars seen, head, bars in a row without flow.
    @inline(__always)
    static func mfi(_ high: Double, _ low: Double, _ close: Double, _ volume: Double, _ n: Int,
                    _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        let typical = (high + low + close) / 3.0
        let t = k[0]
        k[0] = t + 1
        let previous = s[2 * n]
        s[2 * n] = typical
        guard t > 0 else { return .nan }
        let change = typical - previous
        let flow = Swift.abs(change) <= 1e-14 * (Swift.abs(typical) + Swift.abs(previous)) ? 0 : typical * volume
        let positive = change < 0 ? 0 : flow, negative = change < 0 ? flow : 0
        let head = k[1], next = head + 1 == n ? 0 : head + 1
        var up = s[2 * n + 1], down = s[2 * n + 2]
        if t > n {
            up -= s[head]
            down -= s[n + head]
        }
        s[head] = positive
        s[n + head] = negative
        k[1] = next
        up += positive
        down += negative
        k[2] = flow == 0 ? k[2] + 1 : 0
        if k[2] >= n {
            // A whole window without flow: the sums are exactly zero, whatever residue they hold.
            k[2] = n
            up = 0
            down = 0
        } else if next == 0 && t >= n {
            up = 0
            down = 0
            for i in 0..<n {
                up += s[i]
                down += s[n + i]
            }
        }
        s[2 * n + 1] = up
        s[2 * n + 2] = down
        guard t >= n else { return .nan }
        let total = up + down
        let clamped = up < 0 ? 0 : (up > total ? total : up)
        return total <= 0 ? 0 : 100.0 * (clamped / total)
    }

    /// Williams %R: −100 × (highest high − close) / (highest high − lowest low) over n bars,
    /// in TA-Lib's form; 0 when the window has no range. s: ring of highs, ring of lows.
    @inline(__always)
    static func willr(_ high: Double, _ low: Double, _ close: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>,
                      _ k: UnsafeMutablePointer<Int>) -> Double {
        let head = k[1]
        s[head] = high
        s[n + head] = low
        k[1] = head + 1 == n ? 0 : head + 1
        if k[0] < n {
            k[0] += 1
            guard k[0] == n else { return .nan }
        }
        var highest = s[0], lowest = s[n]
        for i in 1..<n {
            if s[i] > highest { highest = s[i] }
            if s[n + i] < lowest { lowest = s[n + i] }
        }
        let diff = (highest - lowest) / (0 - 100.0)
        return diff != 0 ? (highest - close) / diff : 0
    }

    /// On-balance volume: starts at the first bar's volume (TA-Lib), then adds the volume of
    /// an up close and subtracts that of a down close. s: previous close, balance.
    @inline(__always)
    static func obv(_ close: Double, _ volume: Double, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        guard k[0] > 0 else {
            k[0] = 1
            s[0] = close
            s[1] = volume
            return volume
        }
        if close > s[0] {
            s[1] += volume
        } else if close < s[0] {
            s[1] -= volume
        }
        s[0] = close
        return s[1]
    }

    /// Volume-weighted average of the typical price since the New York session began; a new
    /// session (day number) starts the sums again. No value without a session or before any
    /// volume. s: session, Σ price × volume, Σ volume.
    @inline(__always)
    static func vwap(_ high: Double, _ low: Double, _ close: Double, _ volume: Double, session: Double,
                     _ s: UnsafeMutablePointer<Double>) -> Double {
        guard !session.isNaN else { return .nan }
        if session != s[0] {
            s[0] = session
            s[1] = 0
            s[2] = 0
        }
        s[1] += (high + low + close) / 3 * volume
        s[2] += volume
        return s[2] > 0 ? s[1] / s[2] : .nan
    }
}
