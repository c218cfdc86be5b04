/// One step of per-bar work over the register file: plain old data (no references, so
/// no reference counting in the hot loop). `memory` is the kernel's private region of
/// the symbol's state buffer (ring buffers, running sums).
struct Kernel {
    enum Op: UInt8 {
        case add, subtract, multiply, divide, minimum, maximum, negate, absolute
        case sma, ema, rsi, highest, lowest, lag
    }

    var op: Op
    var out: Int32
    var a: Int32
    var b: Int32 = 0
    var period: Int32 = 0
    var memory: Int32 = 0
    /// Bar index from which the input is defined; stateful kernels wait until then so a
    /// warm-up NaN never enters a running sum.
    var start: Int32 = 0

    /// Doubles of state the op needs for `period`.
    static func memorySize(_ op: Op, period: Int) -> Int {
        switch op {
        case .sma: return 3 + period           // sum, count, head, ring
        case .ema: return 3                    // value, count, seed sum
        case .rsi: return 6                    // prev input, count, avg gain, avg loss, sum gain, sum loss
        case .highest, .lowest: return 2 + period  // count, head, ring
        case .lag: return 2 + period           // count, head, ring
        default: return 0
        }
    }
}

extension Kernel {
    /// Runs the kernel for bar `t`. `r` is the register file, `m` the state buffer.
    @inline(__always)
    func run(_ r: UnsafeMutablePointer<Double>, _ m: UnsafeMutablePointer<Double>, _ t: Int) {
        switch op {
        case .add: r[Int(out)] = r[Int(a)] + r[Int(b)]
        case .subtract: r[Int(out)] = r[Int(a)] - r[Int(b)]
        case .multiply: r[Int(out)] = r[Int(a)] * r[Int(b)]
        case .divide: r[Int(out)] = r[Int(a)] / r[Int(b)]
        case .minimum: r[Int(out)] = Swift.min(r[Int(a)], r[Int(b)])
        case .maximum: r[Int(out)] = Swift.max(r[Int(a)], r[Int(b)])
        case .negate: r[Int(out)] = -r[Int(a)]
        case .absolute: r[Int(out)] = Swift.abs(r[Int(a)])
        default:
            guard t >= Int(start) else { return }
            runStateful(r, m + Int(memory))
        }
    }

    @inline(__always)
    private func runStateful(_ r: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>) {
        let x = r[Int(a)]
        let n = Int(period)
        switch op {
        case .sma:
            // s[0] sum, s[1] count, s[2] head, s[3...] ring of the last n inputs.
            let head = Int(s[2])
            let ring = s + 3
            let old = ring[head]
            ring[head] = x
            let next = head + 1 == n ? 0 : head + 1
            s[2] = Double(next)
            if s[1] < Double(n) {
                s[1] += 1
                s[0] += x
            } else if next == 0 {
                // Once per window, re-add the ring exactly so rounding never drifts.
                var sum = 0.0
                for i in 0..<n { sum += ring[i] }
                s[0] = sum
            } else {
                s[0] += x - old
            }
            r[Int(out)] = s[1] >= Double(n) ? s[0] / Double(n) : .nan
        case .ema:
            // Seeded with the simple average of the first n inputs, then the usual 2/(n+1) weight.
            if s[1] < Double(n) {
                s[1] += 1
                s[2] += x
                if s[1] == Double(n) { s[0] = s[2] / Double(n) }
                r[Int(out)] = s[1] == Double(n) ? s[0] : .nan
            } else {
                let alpha = 2.0 / Double(n + 1)
                s[0] = alpha * x + (1 - alpha) * s[0]
                r[Int(out)] = s[0]
            }
        case .rsi:
            runRSI(x, n, r, s)
        case .highest, .lowest:
            let head = Int(s[1])
            let ring = s + 2
            ring[head] = x
            s[1] = Double(head + 1 == n ? 0 : head + 1)
            if s[0] < Double(n) { s[0] += 1 }
            guard s[0] >= Double(n) else { r[Int(out)] = .nan; return }
            var best = ring[0]
            if op == .highest {
                for i in 1..<max(n, 1) where ring[i] > best { best = ring[i] }
            } else {
                for i in 1..<max(n, 1) where ring[i] < best { best = ring[i] }
            }
            r[Int(out)] = best
        case .lag:
            let head = Int(s[1])
            let ring = s + 2
            r[Int(out)] = s[0] >= Double(n) ? ring[head] : .nan
            ring[head] = x
            s[1] = Double(head + 1 == n ? 0 : head + 1)
            if s[0] < Double(n) { s[0] += 1 }
        default:
            break
        }
    }

    /// Wilder's RSI: the first average is the simple mean of n changes, then smoothed.
    @inline(__always)
    private func runRSI(_ x: Double, _ n: Int, _ r: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>) {
        // s[0] previous input, s[1] changes seen (−1 before the first input), s[2] avg gain,
        // s[3] avg loss, s[4]/s[5] sums for the seed.
        if s[1] < 0 {
            s[0] = x
            s[1] = 0
            r[Int(out)] = .nan
            return
        }
        let change = x - s[0]
        s[0] = x
        let gain = change > 0 ? change : 0
        let loss = change < 0 ? -change : 0
        let count = s[1]
        if count < Double(n) {
            s[4] += gain
            s[5] += loss
            s[1] = count + 1
            guard s[1] == Double(n) else { r[Int(out)] = .nan; return }
            s[2] = s[4] / Double(n)
            s[3] = s[5] / Double(n)
        } else {
            s[2] = (s[2] * Double(n - 1) + gain) / Double(n)
            s[3] = (s[3] * Double(n - 1) + loss) / Double(n)
        }
        let avgGain = s[2], avgLoss = s[3]
        r[Int(out)] = avgLoss == 0 ? (avgGain == 0 ? 50 : 100) : 100 - 100 / (1 + avgGain / avgLoss)
    }
}
