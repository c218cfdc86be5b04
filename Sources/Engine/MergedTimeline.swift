/// The several-symbol timeline as the bar-by-bar loop (`runSymbols`) walks it, worked out
/// once so the block loop of several symbols (`runSymbolBlocks`) can jump to any time: every
/// distinct bar time of the symbols in order, the symbol whose bar gives each time its day
/// and text (the first in strategy order with a bar then), where today's starting equity is
/// taken, and where each symbol's bars fall on it. Made with the prepared bars, so a sweep
/// makes it once. Plain data behind raw pointers, never written after `init`.
struct MergedTimeline {
    let count: Int
    let times: UnsafeMutablePointer<Int64>
    /// The first symbol (in strategy order) with a bar at each time.
    let first: UnsafeMutablePointer<Int32>
    /// The time whose equity is today's starting equity at each time: the last one before
    /// the current day began (−1: the starting cash). The bar-by-bar loop sets it when the
    /// day of the first symbol with a bar changes.
    let dayAnchor: UnsafeMutablePointer<Int>
    /// Per symbol, the timeline index of each of its bars; nil when the symbol has a bar at
    /// every time (its bar index is the timeline index).
    let positions: [UnsafeMutablePointer<Int>?]
    let barCounts: [Int]

    init(_ columns: [BarColumns]) {
        let n = columns.count
        let sameCalendar = columns.allSatisfy { c in
            c.count == columns[0].count && (0..<c.count).allSatisfy { c.times[$0] == columns[0].times[$0] }
        }
        barCounts = columns.map(\.count)
        var times: [Int64] = [], first: [Int32] = []
        var positions: [UnsafeMutablePointer<Int>?] = Array(repeating: nil, count: n)
        if sameCalendar {
            times = n == 0 ? [] : Array(UnsafeBufferPointer(start: columns[0].times, count: columns[0].count))
            first = Array(repeating: 0, count: times.count)
        } else {
            for s in 0..<n { positions[s] = .allocate(capacity: max(columns[s].count, 1)) }
            var cursor = [Int](repeating: 0, count: n)
            while true {
                var now = Int64.max
                for s in 0..<n where cursor[s] < columns[s].count { now = min(now, columns[s].times[cursor[s]]) }
                if now == .max { break }
                var firstActive: Int32 = -1
                for s in 0..<n where cursor[s] < columns[s].count && columns[s].times[cursor[s]] == now {
                    if firstActive < 0 { firstActive = Int32(s) }
                    positions[s]?[cursor[s]] = times.count
                    cursor[s] += 1
                }
                times.append(now)
                first.append(firstActive)
            }
        }
        self.positions = positions
        count = times.count
        self.times = .allocate(capacity: max(count, 1))
        self.times.initialize(from: times, count: count)
        self.first = .allocate(capacity: max(count, 1))
        self.first.initialize(from: first, count: count)
        dayAnchor = .allocate(capacity: max(count, 1))
        var currentDay = Int64.min, anchor = -1
        for m in 0..<count {
            let s = Int(first[m])
            let day = columns[s].days[positions[s] == nil ? m : Self.lastBar(positions[s]!, count: columns[s].count, atOrBefore: m)]
            if day != currentDay {
                anchor = m - 1
                currentDay = day
            }
            dayAnchor[m] = anchor
        }
    }

    /// The timeline index of bar `i` of symbol `s`.
    @inline(__always)
    func index(symbol s: Int, bar i: Int) -> Int { positions[s].map { $0[i] } ?? i }

    /// Symbol `s`'s last bar at or before timeline index `m` (−1: none yet).
    @inline(__always)
    func lastBar(symbol s: Int, atOrBefore m: Int) -> Int {
        guard let p = positions[s] else { return min(m, barCounts[s] - 1) }
        return Self.lastBar(p, count: barCounts[s], atOrBefore: m)
    }

    /// The number of bars of symbol `s` before timeline index `m`.
    @inline(__always)
    func bars(symbol s: Int, before m: Int) -> Int { lastBar(symbol: s, atOrBefore: m - 1) + 1 }

    /// The first timeline index at or after `time`, or `count`.
    func firstIndex(atOrAfter time: Int64) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] >= time { high = mid } else { low = mid + 1 }
        }
        return low
    }

    private static func lastBar(_ p: UnsafeMutablePointer<Int>, count: Int, atOrBefore m: Int) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if p[mid] > m { high = mid } else { low = mid + 1 }
        }
        return low - 1
    }

    func deallocate() {
        times.deallocate()
        first.deallocate()
        dayAnchor.deallocate()
        positions.forEach { $0?.deallocate() }
    }
}
