import Audit
import Foundation

/// An audit sink for backtests that passes every record through unchanged and, once a
/// decision is settled, has the runner write its advisor note: right after the decision's
/// `order_submitted` record, or (for a decision that sent nothing) just before the next
/// record of any other kind. So the note always follows the decision and its order, the
/// decision line is byte for byte what it would be without an advisor, and the engine needs
/// no advisor code. Call `finish()` before the run's last record.
///
/// Live runs do not use this: there the runtime calls `AdvisorRunner.enqueue` after the
/// order was handed to the broker.
public final class AdvisingAuditSink: AuditSink, @unchecked Sendable {
    public let inner: any AuditSink
    public let runner: AdvisorRunner
    private let lock = NSLock()
    private var settling: (record: DecisionRecord, at: String)?

    /// `runner` must append to `inner` (not to this sink).
    public init(wrapping inner: any AuditSink, runner: AdvisorRunner) {
        self.inner = inner
        self.runner = runner
    }

    public func append(_ body: AuditBody, at: String, wall: String?) throws -> AuditRecord {
        lock.lock()
        defer { lock.unlock() }
        if case .orderSubmitted(let submitted) = body, let decision = settling, decision.record.id == submitted.decisionId {
            let record = try inner.append(body, at: at, wall: wall)
            settling = nil
            runner.noteNow(for: decision.record, at: decision.at)
            return record
        }
        settleLocked()
        let record = try inner.append(body, at: at, wall: wall)
        if case .decision(let decision) = body { settling = (decision, at) }
        return record
    }

    /// Writes the note of the last decision if it is still waiting.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        settleLocked()
    }

    private func settleLocked() {
        guard let decision = settling else { return }
        settling = nil
        runner.noteNow(for: decision.record, at: decision.at)
    }
}
