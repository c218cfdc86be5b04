/// The next event of each symbol in the several-symbol block loop, smallest first: a
/// binary heap of keys that order events as the bar-by-bar loop meets them — by time on
/// the merged timeline, then fills before decisions, then symbol order. Each symbol has
/// at most one key in it, so its size is fixed by the number of symbols.
struct EventQueue {
    enum Phase: UInt64 {
        /// Orders filling at a bar's open (every symbol's, before any decision at that time).
        case fill = 0
        /// A rule firing at a bar's close.
        case decision = 1
    }

    private let keys: UnsafeMutablePointer<UInt64>
    private(set) var count = 0
    private static let symbolBits: UInt64 = 24

    /// Room for `symbols` keys (fewer than 2^24 symbols).
    init(symbols: Int) {
        precondition(symbols < 1 << Self.symbolBits, "too many symbols for one timeline")
        keys = .allocate(capacity: max(symbols, 1))
    }

    func deallocate() { keys.deallocate() }

    @inline(__always)
    mutating func push(time m: Int, phase: Phase, symbol s: Int) {
        var at = count
        let key = UInt64(m) << (Self.symbolBits + 1) | phase.rawValue << Self.symbolBits | UInt64(s)
        count += 1
        while at > 0 {
            let parent = (at - 1) / 2
            guard keys[parent] > key else { break }
            keys[at] = keys[parent]
            at = parent
        }
        keys[at] = key
    }

    /// The smallest event, left in place: (timeline index, phase, symbol); nil when empty.
    @inline(__always)
    var top: (time: Int, phase: Phase, symbol: Int)? {
        guard count > 0 else { return nil }
        let key = keys[0]
        let symbolMask = (UInt64(1) << Self.symbolBits) - 1
        return (Int(key >> (Self.symbolBits + 1)), key >> Self.symbolBits & 1 == 0 ? .fill : .decision, Int(key & symbolMask))
    }

    /// Replaces the smallest event with the next one of its symbol: one sift down, where a
    /// pop and a push would walk the heap twice.
    @inline(__always)
    mutating func replaceTop(time m: Int, phase: Phase, symbol s: Int) {
        siftDown(UInt64(m) << (Self.symbolBits + 1) | phase.rawValue << Self.symbolBits | UInt64(s))
    }

    /// Removes the smallest event (its symbol has none left in this window).
    @inline(__always)
    mutating func removeTop() {
        count -= 1
        if count > 0 { siftDown(keys[count]) }
    }

    /// Puts `key` at the root and moves it down to its place.
    @inline(__always)
    private mutating func siftDown(_ key: UInt64) {
        var at = 0
        while true {
            var child = 2 * at + 1
            guard child < count else { break }
            if child + 1 < count && keys[child + 1] < keys[child] { child += 1 }
            guard keys[child] < key else { break }
            keys[at] = keys[child]
            at = child
        }
        keys[at] = key
    }
}
