import Foundation

/// Records handed over by the thread that makes them (a backtest's engine) to one writer
/// thread that encodes, chains and writes them, in the order they were handed over: the
/// bytes are those of appending each in turn, and the two halves of the work use two cores.
/// For `AuditLog.Durability.batched` only, where no order waits for its record to be on disk.
///
/// The queue is bounded (the engine waits when the writer is `capacity` records behind), and
/// the writer is woken once a batch has gathered, not for every record. When writing one
/// record fails, the records after it are not written (as if the engine had stopped there):
/// the error is thrown by the next `add` or `drain`, or by `stop` if nobody heard it yet.
final class RecordQueue: @unchecked Sendable {
    struct Item {
        var body: AuditBody
        var at: String
        var wall: String?
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var spare: [Item] = []
    /// The writer is working on a batch taken off `items`.
    private var busy = false
    /// Someone waits for everything added so far (`drain`, `stop`).
    private var waiting = 0
    private var stopping = false
    private var finished = false
    private var failure: Error?
    private var failureHeard = false
    private let capacity: Int
    private let batch: Int
    /// What `add` throws once the queue is stopped.
    private let closed: Error

    /// - Parameter write: appends the records of a batch in order; runs on the writer thread.
    init(capacity: Int = 4096, batch: Int = 64, label: String, closed: Error,
         write: @escaping @Sendable ([Item]) throws -> Void) {
        self.closed = closed
        self.capacity = capacity
        self.batch = batch
        items.reserveCapacity(capacity)
        spare.reserveCapacity(capacity)
        // The thread holds the queue until it ends; the queue holds nothing of its owner.
        let thread = Thread { self.run(write) }
        thread.name = label
        thread.start()
    }

    /// Hands a record to the writer; waits only while the queue is full.
    func add(_ item: Item) throws {
        condition.lock()
        defer { condition.unlock() }
        try throwFailure()
        guard !stopping else { throw closed }
        while items.count >= capacity, failure == nil { condition.wait() }
        try throwFailure()
        items.append(item)
        if items.count == batch { condition.broadcast() }
    }

    /// Waits until every record added so far is written (or failed); throws the failure.
    func drain() throws {
        condition.lock()
        defer { condition.unlock() }
        waitForWriter()
        try throwFailure()
    }

    /// Writes what was added, ends the writer thread and returns a failure nobody heard of.
    func stop() -> Error? {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return nil }
        waitForWriter()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        guard let failure, !failureHeard else { return nil }
        failureHeard = true
        return failure
    }

    /// With the condition locked.
    private func waitForWriter() {
        waiting += 1
        condition.broadcast()
        while !items.isEmpty || busy { condition.wait() }
        waiting -= 1
    }

    /// With the condition locked.
    private func throwFailure() throws {
        guard let failure else { return }
        failureHeard = true
        throw failure
    }

    private func run(_ write: ([Item]) throws -> Void) {
        condition.lock()
        while true {
            while !stopping, items.isEmpty || (items.count < batch && waiting == 0) { condition.wait() }
            if items.isEmpty { break }
            swap(&items, &spare)
            busy = true
            condition.broadcast()
            let skip = failure != nil
            condition.unlock()
            var error: Error?
            if !skip {
                do { try write(spare) } catch let thrown { error = thrown }
            }
            spare.removeAll(keepingCapacity: true)
            condition.lock()
            if let error, failure == nil { failure = error }
            busy = false
            condition.broadcast()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
