import Audit
import Foundation
import Logging
import Vocabulary

/// Sends notifications to webhooks, always off the trading path (the design of the
/// advisor's `AdvisorRunner`):
///
/// - `notify(_:)` never waits: for each target that wants the event it puts a job in that
///   target's bounded buffer and returns. A full buffer drops the job (counted, logged, and
///   recorded at `finish`), so a receiver that hangs holds up only its own later messages.
/// - One background task per target delivers its jobs in order, each with `NotifyRetry`'s
///   attempts, timeout and growing pauses.
/// - Every delivery and every give-up is an audit `note` (`notify_sent`, `notify_failed`;
///   `notify_dropped` for a full buffer) naming the event and the target's label, never its URL.
public final class Notifier: @unchecked Sendable {
    public struct Counts: Sendable, Equatable {
        public var sent = 0
        public var failed = 0
        /// Jobs that found their target's buffer full.
        public var dropped = 0

        public init(sent: Int = 0, failed: Int = 0, dropped: Int = 0) {
            self.sent = sent
            self.failed = failed
            self.dropped = dropped
        }
    }

    struct Job: Sendable {
        var notification: NotifyMessage
        var payload: NotificationPayload
    }

    public let targets: [NotifyTarget]
    private let sink: any AuditSink
    private let transport: any WebhookTransport
    private let retry: NotifyRetry
    private let capacity: Int
    private let redactor: SecretRedactor
    private let wallClock: @Sendable () -> String?
    private let logger: Logger

    private let lock = NSLock()
    private var tally = Counts()
    private var queues: [AsyncStream<Job>.Continuation] = []
    private var workers: [Task<Void, Never>] = []
    private var lastTime: String?

    /// - Parameters:
    ///   - capacity: notifications waiting per target before new ones are dropped.
    ///   - redactor: masks every secret (the targets' URLs are added to it) in payloads and notes.
    public init(targets: [NotifyTarget], sink: any AuditSink, transport: any WebhookTransport = HTTPWebhookTransport(),
                retry: NotifyRetry = NotifyRetry(), capacity: Int = 100, redactor: SecretRedactor,
                wallClock: @escaping @Sendable () -> String? = { nil }, logger: Logger = Logger(label: "algobot.notify")) {
        self.targets = targets
        self.sink = sink
        self.transport = transport
        self.retry = retry
        self.capacity = max(1, capacity)
        self.redactor = SecretRedactor(secrets: redactor.secrets + targets.map(\.url))
        self.wallClock = wallClock
        self.logger = logger
        for target in targets {
            let (stream, continuation) = AsyncStream<Job>.makeStream(bufferingPolicy: .bufferingOldest(self.capacity))
            queues.append(continuation)
            workers.append(Task { [weak self] in
                for await job in stream {
                    guard let self else { return }
                    await self.deliver(job, to: target)
                }
            })
        }
    }

    deinit { workers.forEach { $0.cancel() } }

    public var counts: Counts { lock.withLock { tally } }

    /// Hands the notification to every target that wants its event and returns at once.
    public func notify(_ notification: NotifyMessage) {
        for (index, target) in targets.enumerated() where target.wants(notification.event) {
            let job = Job(notification: notification, payload: NotificationPayload(notification, format: target.format, redactor: redactor))
            let accepted = lock.withLock { () -> Bool in
                lastTime = notification.time
                guard index < queues.count, case .enqueued = queues[index].yield(job) else {
                    tally.dropped += 1
                    return false
                }
                return true
            }
            if !accepted {
                logger.warning("notification dropped: its queue is full or closed",
                               metadata: ["event": "\(notification.event.rawValue)", "target": "\(target.label)"])
            }
        }
    }

    /// Stops taking notifications and waits until the queued ones are delivered or given up,
    /// at most `limit`; then cancels what is left (each gets a `notify_failed` note).
    public func finish(within limit: Duration) async {
        let running = lock.withLock { () -> [Task<Void, Never>] in
            queues.forEach { $0.finish() }
            queues = []
            return workers
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for task in running { await task.value } }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            running.forEach { $0.cancel() }
            group.cancelAll()
        }
        for task in running { await task.value }
        let (dropped, at) = lock.withLock { (tally.dropped, lastTime) }
        if dropped > 0, let at {
            note("notify_dropped", "\(dropped) notifications found their queue full (\(capacity) waiting) and were not sent", at: at)
        }
    }

    // MARK: - Delivery

    private func deliver(_ job: Job, to target: NotifyTarget) async {
        let event = job.notification.event.rawValue
        var last = "not attempted: the run was stopping"
        var made = 0
        for attempt in 1...retry.attempts {
            if Task.isCancelled { break }
            made = attempt
            do {
                let status = try await transport.post(url: target.url, headers: job.payload.headers, body: job.payload.body,
                                                      timeout: retry.timeout)
                if (200..<300).contains(status) {
                    lock.withLock { tally.sent += 1 }
                    note("notify_sent", "\(event) to \(target.label): delivered on attempt \(attempt) (HTTP \(status))",
                         at: job.notification.time)
                    return
                }
                last = "HTTP \(status)"
            } catch {
                last = Task.isCancelled ? "the run was stopping" : "\(error)"
            }
            if attempt < retry.attempts, !Task.isCancelled {
                try? await Task.sleep(for: retry.delay(after: attempt))
            }
        }
        lock.withLock { tally.failed += 1 }
        let reason = redactor.redact(last)
        logger.warning("notification given up", metadata: ["event": "\(event)", "target": "\(target.label)", "last": "\(reason)"])
        note("notify_failed", "\(event) to \(target.label): given up after \(made) of \(retry.attempts) attempts (last: \(reason))",
             at: job.notification.time)
    }

    private func note(_ kind: String, _ message: String, at: String) {
        do {
            _ = try sink.append(.note(NoteRecord(kind: kind, message: redactor.redact(message))), at: at, wall: wallClock())
        } catch {
            logger.warning("notification note not written", metadata: ["kind": "\(kind)", "error": "\(error)"])
        }
    }
}
