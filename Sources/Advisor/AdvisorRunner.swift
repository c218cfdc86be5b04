import Audit
import Foundation
import Logging

/// Asks the advisor about decisions and appends its notes (`advisor_note` records) to the
/// audit, always off the trading path:
///
/// - `noteNow(for:at:)` is the synchronous hook for backtests: with an `InstantAdvisor` (the
///   template) it writes the note at once; with any other advisor it only enqueues.
/// - `enqueue(_:at:)` is the live hook: it never waits. Jobs go into a bounded buffer that a
///   background task works through; when the buffer is full the job is dropped and counted,
///   and the worker later writes an "unavailable: skipped" note for it.
///
/// Call it only after the decision (and, when there is one, the order) has been recorded and
/// handed on. Nothing here can throw into the caller: failures become `unavailable` notes,
/// and a note that cannot be written is logged and counted.
public final class AdvisorRunner: @unchecked Sendable {
    public struct Counts: Sendable, Equatable {
        public var written = 0
        public var unavailable = 0
        /// Jobs that found the buffer full.
        public var dropped = 0
        /// Notes the audit sink refused.
        public var writeFailures = 0
    }

    struct Job: Sendable {
        var record: DecisionRecord
        var at: String
    }

    public let advisor: any Advisor
    private let instant: (any InstantAdvisor)?
    private let sink: any AuditSink
    private let capacity: Int
    private let wallClock: (@Sendable () -> String?)?
    private let logger: Logger

    private let lock = NSLock()
    private var tally = Counts()
    private var skipped: [Job] = []
    private var skippedTotal = 0
    private var lastAt: String?
    private var queue: AsyncStream<Job>.Continuation?
    private var worker: Task<Void, Never>?

    /// Dropped jobs beyond this many get one summary `note` record instead of a note each.
    static let maxSkippedNotes = 1_000

    /// - Parameters:
    ///   - capacity: jobs waiting for the advisor before new ones are dropped.
    ///   - wallClock: wall time for the notes of live runs; nil in backtests (deterministic logs).
    public init(advisor: any Advisor, sink: any AuditSink, capacity: Int = 64,
                wallClock: (@Sendable () -> String?)? = nil, logger: Logger = Logger(label: "algobot.advisor")) {
        self.advisor = advisor
        self.instant = advisor as? any InstantAdvisor
        self.sink = sink
        self.capacity = max(capacity, 1)
        self.wallClock = wallClock
        self.logger = logger
    }

    deinit { worker?.cancel() }

    public var counts: Counts { lock.withLock { tally } }

    // MARK: - Hooks

    /// Backtests: writes the note now when the advisor is instant; otherwise enqueues.
    public func noteNow(for record: DecisionRecord, at: String) {
        guard let instant else {
            enqueue(record, at: at)
            return
        }
        write(instant.rationaleNow(for: AdvisorInput(record)), for: Job(record: record, at: at))
    }

    /// Live runs: hands the decision to the background worker and returns at once.
    /// Returns false when the job was dropped: the buffer was full, or `finish`/`cancel`
    /// was already called (those are only counted and logged).
    @discardableResult
    public func enqueue(_ record: DecisionRecord, at: String) -> Bool {
        let job = Job(record: record, at: at)
        let result = lock.withLock { () -> AsyncStream<Job>.Continuation.YieldResult? in
            startIfNeeded()
            guard let result = queue?.yield(job) else {
                tally.dropped += 1
                return nil
            }
            if case .enqueued = result { return result }
            tally.dropped += 1
            if skippedTotal < Self.maxSkippedNotes {
                skipped.append(job)
                skippedTotal += 1
            }
            return result
        }
        if case .enqueued? = result { return true }
        logger.warning("advisor queue full or closed; decision gets no rationale",
                       metadata: ["decision": "\(record.id)", "capacity": "\(capacity)"])
        return false
    }

    /// Stops taking jobs and waits until every queued one has its note.
    public func finish() async {
        let task = lock.withLock { () -> Task<Void, Never>? in
            queue?.finish()
            queue = nil
            return worker
        }
        await task?.value
        writeSkipped()
        let dropped = counts.dropped
        if dropped > Self.maxSkippedNotes, let at = lastAt {
            let message = "\(dropped) decisions found the advisor queue full; only the first \(Self.maxSkippedNotes) have a 'skipped' note"
            _ = try? sink.append(.note(NoteRecord(kind: "advisor_dropped", message: message)), at: at, wall: wallClock?())
        }
    }

    /// `finish()`, but gives up after `limit` and `cancel()`s: a shutdown waits at most that
    /// long for the advisor (a chat advisor may take its whole timeout per queued job).
    public func finish(within limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.finish() }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            cancel()
            group.cancelAll()
        }
    }

    /// Stops taking jobs and stops asking: the job in progress is cancelled (a chat advisor
    /// then answers "unavailable" at once) and each queued job gets an "unavailable: not
    /// asked" note. For a shutdown that cannot wait; `finish()` afterwards waits for those
    /// few writes.
    public func cancel() {
        lock.withLock {
            queue?.finish()
            queue = nil
            worker?.cancel()
        }
    }

    // MARK: - Worker

    /// Called with `lock` held. The first enqueue starts the worker; after `finish` the
    /// queue stays closed (`worker` is set).
    private func startIfNeeded() {
        guard queue == nil, worker == nil else { return }
        let (stream, continuation) = AsyncStream<Job>.makeStream(bufferingPolicy: .bufferingOldest(capacity))
        queue = continuation
        // Weak: the stream ends when the runner goes away (its continuation with it).
        worker = Task { [weak self, advisor] in
            for await job in stream {
                // After `cancel()` the rest of the queue is noted without asking.
                let note = Task.isCancelled
                    ? AdvisorNote.unavailable("not asked: the run was stopping", advisor: advisor.name)
                    : await advisor.rationale(for: AdvisorInput(job.record))
                guard let self else { return }
                self.write(note, for: job)
                self.writeSkipped()
            }
        }
    }

    private func write(_ note: AdvisorNote, for job: Job) {
        do {
            _ = try sink.append(.advisorNote(note.record(decisionId: job.record.id)), at: job.at, wall: wallClock?())
            lock.withLock {
                lastAt = job.at
                tally.written += 1
                if note.status == .unavailable { tally.unavailable += 1 }
            }
        } catch {
            lock.withLock { tally.writeFailures += 1 }
            logger.warning("advisor note not written", metadata: ["decision": "\(job.record.id)", "error": "\(error)"])
        }
    }

    /// An "unavailable: skipped" note for each job that found the buffer full.
    private func writeSkipped() {
        let jobs = lock.withLock { () -> [Job] in
            defer { skipped.removeAll() }
            return skipped
        }
        for job in jobs {
            write(.unavailable("skipped: the advisor queue was full (\(capacity) waiting); trading went on without it",
                               advisor: advisor.name), for: job)
        }
    }
}
