import CLanes

/// Two `sma`s of one column in one loop: the crossover's fast and slow averages. Each
/// running sum is a chain of dependent additions, so one average alone waits on its
/// adder every row; two chains in one loop let the processor overlap them. Each average
/// takes exactly the steps of `smaColumn` (and of the bar-by-bar `sma`): `sum += x − old`,
/// and at the row where its ring's head wraps an exact re-add of the ring.
extension Kernel {
    /// Whether `first` and `second` (in run order) can share a loop: both `sma` over the
    /// same input, so neither reads the other.
    static func pairs(_ first: Kernel, _ second: Kernel) -> Bool {
        first.op == .sma && second.op == .sma && first.a == second.a && first.out != second.out
    }

    /// Runs both kernels over rows `0 ..< count` when both are past their warm-up (their
    /// input defined since before row 0 and their rings full); false, with nothing done,
    /// otherwise (the caller runs them one by one).
    @inline(__always)
    static func runPair(_ first: Kernel, _ second: Kernel, _ columns: UnsafePointer<UnsafeMutablePointer<Double>>,
                        _ m: UnsafeMutablePointer<Double>, _ c: UnsafeMutablePointer<Int>, t0: Int, count: Int) -> Bool {
        let s1 = m + Int(first.memory), k1 = c + Int(first.counters)
        let s2 = m + Int(second.memory), k2 = c + Int(second.counters)
        let n1 = Int(first.period), n2 = Int(second.period)
        guard Int(first.start) <= t0, Int(second.start) <= t0, k1[0] >= n1, k2[0] >= n2 else { return false }
        let x = columns[Int(first.a)], o1 = columns[Int(first.out)], o2 = columns[Int(second.out)]
        let d1 = Double(n1), d2 = Double(n2), divisors = SIMD2(d1, d2)
        let ring1 = s1 + 1, ring2 = s2 + 1
        var sum1 = s1[0], sum2 = s2[0], head1 = k1[1], head2 = k2[1]
        // Each ring's next re-add, summed as its slots are written (`pending`): see `step`.
        var pending1 = pendingReAdd(ring1, head: head1), pending2 = pendingReAdd(ring2, head: head2)
        var j = 0
        while j < count {
            // Rows up to the next wrap of either ring: all plain but the last, which may wrap.
            let left1 = n1 - head1, left2 = n2 - head2
            let run = Swift.min(count - j, left1, left2)
            let wraps1 = left1 == run, wraps2 = left2 == run
            let plain = wraps1 || wraps2 ? run - 1 : run
            let xs = x + j, r1 = ring1 + head1, r2 = ring2 + head2, os1 = o1 + j, os2 = o2 + j
            for q in 0..<plain {
                let v = xs[q]
                let old1 = r1[q], old2 = r2[q]
                r1[q] = v
                r2[q] = v
                sum1 += v - old1
                sum2 += v - old2
                pending1 += v
                pending2 += v
                // Both quotients from one two-lane division (`CLanes`): each lane is the
                // correctly rounded quotient, the bits of a scalar division, in about the
                // divider's time for one (the divisions, not the sums, bound this loop).
                let averages = algobot_divide_lanes(SIMD2(sum1, sum2), divisors)
                os1[q] = averages.x
                os2[q] = averages.y
            }
            j += plain
            head1 += plain
            head2 += plain
            guard wraps1 || wraps2 else { continue }
            let v = x[j]
            sum1 = step(v, ring1, &head1, sum1, &pending1, wraps: wraps1)
            sum2 = step(v, ring2, &head2, sum2, &pending2, wraps: wraps2)
            o1[j] = sum1 / d1
            o2[j] = sum2 / d2
            j += 1
        }
        s1[0] = sum1
        s2[0] = sum2
        k1[1] = head1
        k2[1] = head2
        return true
    }

    /// One row of one average, plain or (`wraps`) the row its head wraps on; the new sum.
    ///
    /// At a wrap the sum becomes the ring's exact re-add, `((0 + ring[0]) + ring[1]) + …`,
    /// as bar by bar. Added up at the wrap, that is a chain of n dependent additions the
    /// running sum then waits for (about 3 cycles each: for the 30-bar average, 90 cycles every
    /// 30 rows, more than the rows' own work). But the ring's slots are written in that order,
    /// one a row since the last wrap, so the same additions in the same order are made as each
    /// slot is written (`pending`, from 0.0), a second chain beside the sum that nothing waits
    /// for; at the wrap the re-add is `pending` plus the last slot: the same bits, no wait.
    @inline(__always)
    private static func step(_ v: Double, _ ring: UnsafeMutablePointer<Double>, _ head: inout Int, _ sum: Double,
                             _ pending: inout Double, wraps: Bool) -> Double {
        let old = ring[head]
        ring[head] = v
        guard wraps else {
            head += 1
            pending += v
            return sum + (v - old)
        }
        head = 0
        let exact = pending + v
        pending = 0
        return exact
    }

    /// The re-add so far of a ring whose head is at `head`: its slots before the head, added
    /// in order from 0.0, as the wrap's re-add begins.
    @inline(__always)
    static func pendingReAdd(_ ring: UnsafePointer<Double>, head: Int) -> Double {
        var pending = 0.0
        for i in 0..<head { pending += ring[i] }
        return pending
    }
}
