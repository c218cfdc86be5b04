/// One step of per-bar work over the register file: plain old data (no references, so
/// no reference counting in the hot loop). Stateful kernels own a region of the symbol's
/// number memory (`memory`, ring buffers and sums) and of its counter memory (`counters`,
/// counts and ring heads).
struct Kernel {
    enum Op: UInt8 {
        case add, subtract, multiply, divide, minimum, maximum, negate, absolute, percentChange
        /// The input as it is: a value the caller gives (`StrategyInput`) into the slot that is read.
        case copy
        case sma, ema, rsi, highest, lowest, lag, stdev, wma, macdEMA, wilder
        /// Kernels of the whole bar: they read the bar's fields from their fixed slots.
        case trueRange, adx, cci, mfi, willr, obv, vwap
    }

    var op: Op
    var out: Int32
    var a: Int32
    var b: Int32 = 0
    var period: Int32 = 0
    var memory: Int32 = 0
    var counters: Int32 = 0
    /// Bar index from which the input is defined; stateful kernels wait until then so a
    /// warm-up NaN never enters a running sum.
    var start: Int32 = 0

    /// Doubles and counters of state the op needs for `period`.
    static func memorySize(_ op: Op, period: Int) -> (numbers: Int, counters: Int) {
        switch op {
        case .sma: return (1 + period, 2)              // sum + ring; count, head
        case .ema, .macdEMA, .wilder: return (2, 1)    // value, seed sum; count
        case .rsi: return (5, 1)                       // prev, avg gain, avg loss, seed sums; changes seen
        case .highest, .lowest, .lag: return (period, 2)  // ring; count, head
        case .stdev: return (period + 3, 2)            // ring, anchor, two sums; count, head
        case .wma: return (period + 2, 2)              // ring, two sums; count, head
        case .trueRange: return (1, 1)                 // previous close; bars seen
        case .adx: return (8, 1)                       // previous bar, smoothed DMs and range, DX sum, ADX; bars seen
        case .cci: return (period, 2)                  // ring of typical prices; count, head
        case .mfi: return (2 * period + 3, 3)          // rings of flows, previous price, sums; bars, head, empty run
        case .willr: return (2 * period, 2)            // rings of highs and lows; count, head
        case .obv: return (2, 1)                       // previous close, balance; bars seen
        case .vwap: return (3, 0)                      // session, price × volume, volume
        default: return (0, 0)
        }
    }

    /// The state a kernel starts from (zeros, except where a step needs a marker).
    static func initialState(_ op: Op, period: Int) -> (numbers: [Double], counters: [Int]) {
        let size = memorySize(op, period: period)
        var numbers = [Double](repeating: 0, count: size.numbers), counters = [Int](repeating: 0, count: size.counters)
        if op == .rsi { counters[0] = -1 }
        if op == .vwap { numbers[0] = .nan }           // no session yet: the first bar starts one
        return (numbers, counters)
    }

    /// The slots the kernel reads.
    var inputs: [Int32] {
        let high = Int32(BarField.high.rawValue), low = Int32(BarField.low.rawValue)
        let close = Int32(BarField.close.rawValue), volume = Int32(BarField.volume.rawValue)
        switch op {
        case .add, .subtract, .multiply, .divide, .minimum, .maximum, .percentChange: return [a, b]
        case .trueRange, .adx, .cci, .willr: return [high, low, close]
        case .mfi: return [high, low, close, volume]
        case .obv: return [close, volume]
        case .vwap: return [high, low, close, volume, a]
        default: return [a]
        }
    }

    /// A kernel of the whole bar (reads the fixed field slots, not `a`).
    var readsBar: Bool { op.rawValue >= Op.trueRange.rawValue }
}

extension Kernel {
    /// Runs the kernel for bar `t`: `r` registers, `m` number memory, `c` counter memory.
    @inline(__always)
    func run(_ r: UnsafeMutablePointer<Double>, _ m: UnsafeMutablePointer<Double>, _ c: UnsafeMutablePointer<Int>, _ t: Int) {
        switch op {
        case .add, .subtract, .multiply, .divide, .minimum, .maximum, .negate, .absolute, .percentChange, .copy:
            r[Int(out)] = Self.apply(op, r[Int(a)], r[Int(b)])
        case .sma:
            guard t >= Int(start) else { return }
            sma(r[Int(a)], r, m + Int(memory), c + Int(counters))
        case .trueRange, .adx, .cci, .mfi, .willr, .obv, .vwap:
            r[Int(out)] = barStep(r, m + Int(memory), c + Int(counters))
        default:
            guard t >= Int(start) else { return }
            runStateful(r[Int(a)], r, m + Int(memory), c + Int(counters))
        }
    }

    /// The stateless ops (one-operand ops ignore `y`). Shared with the block path.
    @inline(__always)
    static func apply(_ op: Op, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        // Explicit NaN propagation: Swift.min/max may drop a NaN, and warm-up must stay NaN.
        case .minimum: return x.isNaN || y.isNaN ? .nan : Swift.min(x, y)
        case .maximum: return x.isNaN || y.isNaN ? .nan : Swift.max(x, y)
        case .negate: return -x
        case .absolute: return Swift.abs(x)
        case .copy: return x
        // TA-Lib's ROC, in percent; a zero base has no value.
        case .percentChange: return y != 0 ? (x / y - 1.0) * 100.0 : .nan
        default: return .nan
        }
    }

    var isStateful: Bool { op.rawValue >= Op.sma.rawValue }

    /// Running sum over a ring of the last n inputs; once per window the ring is re-added
    /// exactly so rounding never drifts.
    @inline(__always)
    private func sma(_ x: Double, _ r: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) {
        let n = Int(period)
        let ring = s + 1
        let head = k[1]
        let old = ring[head]
        ring[head] = x
        let next = head + 1 == n ? 0 : head + 1
        k[1] = next
        if k[0] < n {
            k[0] += 1
            s[0] += x
            r[Int(out)] = k[0] == n ? s[0] / Double(n) : .nan
            return
        }
        if next == 0 {
            var sum = 0.0
            for i in 0..<n { sum += ring[i] }
            s[0] = sum
        } else {
            s[0] += x - old
        }
        r[Int(out)] = s[0] / Double(n)
    }

    @inline(__always)
    private func runStateful(_ x: Double, _ r: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) {
        switch op {
        case .ema: r[Int(out)] = Self.ema(x, Int(period), s, k)
        case .rsi: r[Int(out)] = Self.rsi(x, Int(period), s, k)
        case .highest: r[Int(out)] = Self.extreme(x, Int(period), s, k, highest: true)
        case .lowest: r[Int(out)] = Self.extreme(x, Int(period), s, k, highest: false)
        case .lag: r[Int(out)] = Self.lag(x, Int(period), s, k)
        case .stdev: r[Int(out)] = Self.stdev(x, Int(period), s, k)
        case .wma: r[Int(out)] = Self.wma(x, Int(period), s, k)
        case .macdEMA: r[Int(out)] = Self.macdEMA(x, Int(period), s, k)
        case .wilder: r[Int(out)] = Self.wilder(x, Int(period), s, k)
        default: break
        }
    }

    // The stateful steps below are shared by the bar-at-a-time path and the block path
    // (`Kernel+Columns.swift`), so both give the same numbers bit for bit.

    /// EMA seeded with the simple average of the first n inputs, then weight 2/(n+1).
    @inline(__always)
    static func ema(_ x: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        if k[0] < n {
            k[0] += 1
            s[1] += x
            if k[0] == n { s[0] = s[1] / Double(n) }
            return k[0] == n ? s[0] : .nan
        }
        let alpha = 2.0 / Double(n + 1)
        s[0] = alpha * x + (1 - alpha) * s[0]
        return s[0]
    }

    /// Highest or lowest of the last n inputs (a ring; NaN until n are seen).
    @inline(__always)
    static func extreme(_ x: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>, highest: Bool) -> Double {
        let head = k[1]
        s[head] = x
        k[1] = head + 1 == n ? 0 : head + 1
        if k[0] < n { k[0] += 1 }
        guard k[0] == n else { return .nan }
        var best = s[0]
        if highest {
            for i in 1..<max(n, 1) where s[i] > best { best = s[i] }
        } else {
            for i in 1..<max(n, 1) where s[i] < best { best = s[i] }
        }
        return best
    }

    /// The input n bars ago (NaN until n bars are seen).
    @inline(__always)
    static func lag(_ x: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        let head = k[1]
        let value = k[0] == n ? s[head] : .nan
        s[head] = x
        k[1] = head + 1 == n ? 0 : head + 1
        if k[0] < n { k[0] += 1 }
        return value
    }

    /// Wilder's RSI: the first averages are simple means of n changes, then smoothed.
    /// k[0] counts changes (−1 before the first input); s[0] previous input, s[1]/s[2]
    /// average gain/loss, s[3]/s[4] seed sums.
    @inline(__always)
    static func rsi(_ x: Double, _ n: Int, _ s: UnsafeMutablePointer<Double>, _ k: UnsafeMutablePointer<Int>) -> Double {
        if k[0] < 0 {
            s[0] = x
            k[0] = 0
            return .nan
        }
        let change = x - s[0]
        s[0] = x
        let gain = change > 0 ? change : 0
        let loss = change < 0 ? -change : 0
        if k[0] < n {
            s[3] += gain
            s[4] += loss
            k[0] += 1
            guard k[0] == n else { return .nan }
            s[1] = s[3] / Double(n)
            s[2] = s[4] / Double(n)
        } else {
            s[1] = (s[1] * Double(n - 1) + gain) / Double(n)
            s[2] = (s[2] * Double(n - 1) + loss) / Double(n)
        }
        return s[2] == 0 ? (s[1] == 0 ? 50 : 100) : 100 - 100 / (1 + s[1] / s[2])
    }
}
