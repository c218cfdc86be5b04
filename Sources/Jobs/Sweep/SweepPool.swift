import Foundation

/// Runs independent pieces of work on `jobs` threads and returns their results in the
/// order of the input, whatever thread finished first: the output of a sweep does not
/// depend on `--jobs`. Threads claim a few items at a time from a shared counter.
struct SweepPool {
    let jobs: Int
    let progress: (@Sendable (Int, Int) -> Void)?

    /// Items claimed at once: enough to keep the lock rare, few enough to share the tail.
    static let chunk = 4

    /// Each item's result, the items a thread claims together handed to `batch` together
    /// (it gives their results in order, and may stop after a failure): a sweep runs them two
    /// at a time.
    func map<T: Sendable>(_ items: [Int], batches batch: @Sendable (ArraySlice<Int>) -> [Result<T, any Error>]) throws -> [T] {
        let total = items.count
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: total)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let state = PoolState()
        let threads = max(1, min(jobs, (total + Self.chunk - 1) / Self.chunk))
        let progress = self.progress
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let range = state.claim(Self.chunk, of: total, progress: progress) {
                for (offset, result) in batch(items[range]).enumerated() {
                    switch result {
                    case .success(let value):
                        slots[range.lowerBound + offset] = value
                    case .failure(let error):
                        state.fail(at: range.lowerBound + offset, error)
                        return
                    }
                }
            }
        }
        if let error = state.firstError { throw error }
        progress?(total, total)
        return results.compactMap { $0 }
    }
}

/// The shared counter and the first error (by item position, so the error reported does
/// not depend on timing either).
private final class PoolState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var failure: (position: Int, error: Error)?
    private var lastShown = 0

    func claim(_ n: Int, of total: Int, progress: (@Sendable (Int, Int) -> Void)?) -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard next < total, failure == nil else { return nil }
        let range = next..<min(next + n, total)
        next = range.upperBound
        if let progress, next - lastShown >= max(total / 100, 1) {
            lastShown = next
            progress(next, total)
        }
        return range
    }

    func fail(at position: Int, _ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        if let failure, failure.position < position { return }
        failure = (position, error)
    }

    var firstError: Error? {
        lock.lock()
        defer { lock.unlock() }
        return failure?.error
    }
}
