/// The next event of each symbol in the several-symbol block loop, in the order the
/// bar-by-bar loop meets them — by time on the merged timeline, then fills before
/// decisions, then symbol order — for one window of the timeline at a time.
///
/// A bucket per (time, phase) of the window, each a bit set over the symbols, read by a
/// cursor that only moves forward: an event is a bit, the next one the lowest bit at or
/// after the cursor. That is enough because a symbol's next event always comes after the
/// one being handled (a fill at a time is followed at the earliest by the decision at that
/// time, a decision by the fill at the next time), and only the symbol being handled gets
/// a new event. (A binary heap did the same with a sift per event, whose comparisons the
/// processor could not predict; here the branches follow the bits.)
struct EventQueue {
    enum Phase: Int {
        /// Orders filling at a bar's open (every symbol's, before any decision at that time).
        case fill = 0
        /// A rule firing at a bar's close.
        case decision = 1
    }

    /// Words of 64 symbols per bucket.
    private let words: Int
    /// Buckets of `words` words, two per time of the window (fills, then decisions).
    private let bits: UnsafeMutablePointer<UInt64>
    private let capacity: Int
    /// The window's first timeline index.
    private var base = 0
    /// The cursor: the word it reads (`bits[slot]`), and which time, phase and word that is.
    private var slot = 0
    private var time = 0
    private var phase = 0
    private var word = 0
    /// The last word of the window's buckets (plus one).
    private var end = 0

    /// Room for windows of up to `window` times over `symbols` symbols.
    init(symbols: Int, window: Int) {
        words = max((symbols + 63) / 64, 1)
        capacity = max(window, 1)
        bits = .allocate(capacity: capacity * 2 * words)
        bits.initialize(repeating: 0, count: capacity * 2 * words)
    }

    func deallocate() { bits.deallocate() }

    /// Starts the window of `count` times from timeline index `first`; the last window's
    /// events have all been taken, so every bucket is empty.
    @inline(__always)
    mutating func start(at first: Int, count: Int) {
        precondition(count <= capacity, "a window longer than the queue's")
        base = first
        slot = 0
        time = first
        phase = 0
        word = 0
        end = count * 2 * words
    }

    /// Symbol `s`'s next event, at timeline index `m` of this window (not before the cursor).
    @inline(__always)
    mutating func push(time m: Int, phase: Phase, symbol s: Int) {
        assert(m >= base && (m - base) * 2 * words < end, "an event outside the window")
        bits[((m - base) * 2 + phase.rawValue) * words + s >> 6] |= 1 << UInt64(s & 63)
    }

    /// The first event left (time, phase, symbol), left in place; nil when the window has none.
    @inline(__always)
    var top: (time: Int, phase: Phase, symbol: Int)? {
        mutating get {
            while slot < end {
                let w = bits[slot]
                if w != 0 { return (time, phase == 0 ? .fill : .decision, word << 6 | w.trailingZeroBitCount) }
                slot += 1
                word += 1
                if word == words {
                    word = 0
                    phase ^= 1
                    if phase == 0 { time += 1 }
                }
            }
            return nil
        }
    }

    /// Replaces the first event (the one `top` gave) with the next one of its symbol.
    @inline(__always)
    mutating func replaceTop(time m: Int, phase: Phase, symbol s: Int) {
        removeTop()
        push(time: m, phase: phase, symbol: s)
    }

    /// Removes the first event (the one `top` gave: its symbol has none left in this window).
    @inline(__always)
    mutating func removeTop() {
        bits[slot] &= bits[slot] &- 1
    }
}
