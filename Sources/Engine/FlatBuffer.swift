/// A growable run of plain values (no references inside) behind a raw pointer, for the
/// per-order records of a backtest. A value type of raw pointers stored in the
/// backtester: appending costs no reference counting and no uniqueness check, a caller may
/// write several values in place, and it grows by doubling (amortised O(1), nothing
/// allocated per order). Whoever holds it frees it once (`FlatBuffer` does, after a run).
struct RawRun<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Room for `n` more values, to be written at the returned pointer and then counted
    /// with `commit(_:)`.
    @inline(__always)
    mutating func reserve(_ n: Int) -> UnsafeMutablePointer<Element> {
        if count + n > capacity { grow(to: count + n) }
        return base + count
    }

    @inline(__always)
    mutating func commit(_ n: Int) { count += n }

    /// Keeps the first `n` values (plain data: nothing to deinitialize).
    @inline(__always)
    mutating func truncate(to n: Int) { count = min(n, count) }

    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    /// The value at `i`, to change in place (valid until the next append).
    @inline(__always)
    func pointer(_ i: Int) -> UnsafeMutablePointer<Element> { base + i }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }

    private mutating func grow(to needed: Int) {
        var size = capacity
        while size < needed { size *= 2 }
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: size)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = size
    }
}

/// A finished `RawRun`, owned: freed when the last reference goes. Nothing writes it
/// once the run that filled it has returned, which is why sharing it is safe.
final class FlatBuffer<Element>: @unchecked Sendable {
    private let run: RawRun<Element>

    init(adopting run: RawRun<Element>) { self.run = run }

    deinit { run.free() }

    var count: Int { run.count }
    subscript(i: Int) -> Element { run[i] }
    func pointer(_ i: Int) -> UnsafePointer<Element> { UnsafePointer(run.pointer(i)) }
}
