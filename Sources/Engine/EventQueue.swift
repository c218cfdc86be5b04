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

    /// The smallest event, removed: (timeline index, phase, symbol).
    @inline(__always)
    mutating func pop() -> (time: Int, phase: Phase, symbol: Int)? {
        guard count > 0 else { return nil }
        let top = keys[0]
        count -= 1
        let last = keys[count]
        var at = 0
        while true {
            var child = 2 * at + 1
            guard child < count else { break }
            if child + 1 < count && keys[child + 1] < keys[child] { child += 1 }
            guard keys[child] < last else { break }
            keys[at] = keys[child]
            at = child
        }
        if count > 0 { keys[at] = last }
        let symbolMask = (UInt64(1) << Self.symbolBits) - 1
        return (Int(top >> (Self.symbolBits + 1)), top >> Self.symbolBits & 1 == 0 ? .fill : .decision, Int(top & symbolMask))
    }
}
