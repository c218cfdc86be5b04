import CLanes

/// The block path of a kernel: one kernel over a run of bars at a time (a column), so the
/// op is dispatched once per block instead of once per bar and the inner loops are plain
/// loops over doubles. Every step does the same arithmetic, in the same order, as the
/// bar-at-a-time `run`, so both paths give identical numbers.
extension Kernel {
    /// Computes `out` for block rows `from ..< count`. `columns[slot]` points at row 0 of
    /// the slot's column; row −1 holds the slot's value on the bar before the block.
    /// `t0` is the number of bars the symbol had seen before row 0.
    @inline(__always)
    func runColumns(_ columns: UnsafePointer<UnsafeMutablePointer<Double>>, _ m: UnsafeMutablePointer<Double>,
                    _ c: UnsafeMutablePointer<Int>, t0: Int, from: Int, count: Int) {
        let o = columns[Int(out)], x = columns[Int(a)]
        guard isStateful else {
            let y = columns[Int(b)]
            switch op {
            case .add: for j in from..<count { o[j] = Self.apply(.add, x[j], y[j]) }
            case .subtract: for j in from..<count { o[j] = Self.apply(.subtract, x[j], y[j]) }
            case .multiply: for j in from..<count { o[j] = Self.apply(.multiply, x[j], y[j]) }
            case .divide: for j in from..<count { o[j] = Self.apply(.divide, x[j], y[j]) }
            case .minimum: for j in from..<count { o[j] = Self.apply(.minimum, x[j], y[j]) }
            case .maximum: for j in from..<count { o[j] = Self.apply(.maximum, x[j], y[j]) }
            case .percentChange: for j in from..<count { o[j] = Self.apply(.percentChange, x[j], y[j]) }
            case .negate: for j in from..<count { o[j] = -x[j] }
            case .copy: o.advanced(by: from).update(from: x + from, count: count - from)
            default: for j in from..<count { o[j] = Swift.abs(x[j]) }
            }
            return
        }
        // Before the input is defined the kernel does not run and its slot keeps its value.
        let first = Swift.min(Swift.max(from, Int(start) - t0), count)
        for j in from..<first { o[j] = o[j - 1] }
        guard first < count else { return }
        let s = m + Int(memory), k = c + Int(counters), n = Int(period)
        if readsBar {
            barColumns(columns, o, s, k, from: first, count: count)
            return
        }
        switch op {
        case .sma: smaColumn(x, o, s, k, from: first, count: count)
        case .ema: for j in first..<count { o[j] = Self.ema(x[j], n, s, k) }
        case .rsi: for j in first..<count { o[j] = Self.rsi(x[j], n, s, k) }
        case .highest: for j in first..<count { o[j] = Self.extreme(x[j], n, s, k, highest: true) }
        case .lowest: for j in first..<count { o[j] = Self.extreme(x[j], n, s, k, highest: false) }
        case .stdev: for j in first..<count { o[j] = Self.stdev(x[j], n, s, k) }
        case .wma: for j in first..<count { o[j] = Self.wma(x[j], n, s, k) }
        case .macdEMA: for j in first..<count { o[j] = Self.macdEMA(x[j], n, s, k) }
        case .wilder: for j in first..<count { o[j] = Self.wilder(x[j], n, s, k) }
        default: for j in first..<count { o[j] = Self.lag(x[j], n, s, k) }
        }
    }

    /// A kernel of the whole bar over the block's field columns (the same steps as `barStep`).
    @inline(__always)
    private func barColumns(_ columns: UnsafePointer<UnsafeMutablePointer<Double>>, _ o: UnsafeMutablePointer<Double>,
                            _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>, from: Int, count: Int) {
        let h = columns[BarField.high.rawValue], l = columns[BarField.low.rawValue]
        let c = columns[BarField.close.rawValue], v = columns[BarField.volume.rawValue]
        let n = Int(period)
        switch op {
        case .trueRange: for j in from..<count { o[j] = Self.trueRange(h[j], l[j], c[j], s, k) }
        case .adx: for j in from..<count { o[j] = Self.adx(h[j], l[j], c[j], n, s, k) }
        case .cci: for j in from..<count { o[j] = Self.cci(h[j], l[j], c[j], n, s, k) }
        case .mfi: for j in from..<count { o[j] = Self.mfi(h[j], l[j], c[j], v[j], n, s, k) }
        case .willr: for j in from..<count { o[j] = Self.willr(h[j], l[j], c[j], n, s, k) }
        case .obv: for j in from..<count { o[j] = Self.obv(c[j], v[j], s, k) }
        default:
            let session = columns[Int(a)]
            for j in from..<count { o[j] = Self.vwap(h[j], l[j], c[j], v[j], session: session[j], s) }
        }
    }

    /// `sma` over a column with the running sum, ring head and count in registers. The
    /// same steps as `sma(_:_:_:_:)`: a warm-up that only adds, then `sum += x − old`,
    /// and an exact re-add of the ring each time the head wraps.
    @inline(__always)
    private func smaColumn(_ x: UnsafeMutablePointer<Double>, _ o: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>,
                           _ k: UnsafeMutablePointer<Int>, from: Int, count: Int) {
        let n = Int(period), dn = Double(n), divisors = SIMD2(repeating: dn)
        let ring = s + 1
        var sum = s[0], seen = k[0], head = k[1]
        var j = from
        while j < count && seen < n {
            let v = x[j]
            ring[head] = v
            head = head + 1 == n ? 0 : head + 1
            seen += 1
            sum += v
            o[j] = seen == n ? sum / dn : .nan
            j += 1
        }
        // The ring's next re-add, summed as its slots are written (`Kernel.step` says why).
        var pending = j < count ? Self.pendingReAdd(ring, head: head) : 0
        while j < count {
            // Rows until the head wraps need no check; the wrapping row takes the re-add.
            let run = Swift.min(count - j, n - head)
            let wraps = head + run == n
            let plain = wraps ? run - 1 : run
            let xs = x + j, rs = ring + head, os = o + j
            // Two rows per division (`CLanes`): the sums stay one chain, in row order; each
            // lane of the division is rounded as a scalar one, in about the time of one.
            var q = 0
            while q + 1 < plain {
                let v0 = xs[q], v1 = xs[q + 1]
                let old0 = rs[q], old1 = rs[q + 1]
                rs[q] = v0
                rs[q + 1] = v1
                let first = sum + (v0 - old0)
                sum = first + (v1 - old1)
                pending += v0
                pending += v1
                let averages = algobot_divide_lanes(SIMD2(first, sum), divisors)
                os[q] = averages.x
                os[q + 1] = averages.y
                q += 2
            }
            if q < plain {
                let v = xs[q]
                let old = rs[q]
                rs[q] = v
                sum += v - old
                pending += v
                os[q] = sum / dn
            }
            j += plain
            head += plain
            if wraps {
                ring[head] = x[j]
                head = 0
                sum = pending + x[j]
                pending = 0
                o[j] = sum / dn
                j += 1
            }
        }
        s[0] = sum
        k[0] = seen
        k[1] = head
    }
}
