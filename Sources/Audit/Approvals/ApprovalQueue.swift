import Foundation
import GRDB
import Vocabulary

/// The durable queue of orders whose policy outcome was `needs_approval` (SQLite, so it
/// survives restarts and is shared by the runtime and `algobot approvals …`).
///
/// Life cycle: `pending` → `approved` → `sent`, or → `rejected` / `expired` /
/// `recheck_blocked` (at approval, or `approved` → `recheck_blocked` when the runtime's
/// re-check just before sending blocks it). Approving re-runs the policy through the caller's `recheck` closure
/// against the current state; only an `allow` makes the order approved, anything else
/// records `recheck_blocked`, so a stale approval can never breach a limit. Expired,
/// rejected and re-check-blocked orders can never be approved or sent afterwards, and an
/// approved order that was not claimed for sending before its deadline expires too.
///
/// Every transition yields an `ApprovalRecord`. When the queue is given an `AuditLog`, it
/// appends that record itself inside the database transaction, before committing: if the
/// audit write fails, the state does not change (and when the process dies in between, the
/// audit may show a transition the queue does not, never the reverse). Without a log the
/// caller appends `transition.record`.
public final class ApprovalQueue: @unchecked Sendable {
    /// The `by` of the records the runtime writes itself (its re-check just before sending).
    public static let runtimeActor = "algobot run"

    public let path: String
    public let expiry: ApprovalExpiry
    let db: DatabaseQueue
    private let auditLog: (any AuditSink)?

    public init(path: String, auditLog: (any AuditSink)? = nil, expiry: ApprovalExpiry = .default) throws {
        self.path = path
        self.auditLog = auditLog
        self.expiry = expiry
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        // Not through a link, and private: the queue holds every decision that waited.
        try PosixFile.prepareForLibrary(path, create: true)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.label = "approval-queue"
        db = try DatabaseQueue(path: path, configuration: config)
        try db.write { db in try Self.createSchema(db) }
    }

    /// Puts a `needs_approval` decision in the queue. The deadline is `expiresAt` when given,
    /// otherwise the queue's `expiry` applied to `decidedAt`.
    @discardableResult
    public func enqueue(decision: DecisionRecord, decidedAt: String, expiresAt: String? = nil) throws -> ApprovalTransition {
        let id = decision.order.orderId
        guard decision.effectiveOutcome == .needsApproval else {
            throw ApprovalError.notNeedingApproval(id: decision.id, outcome: decision.effectiveOutcome)
        }
        guard ISOTime(decidedAt) != nil else { throw ApprovalError.badTime(text: decidedAt, what: "decision time") }
        guard let deadline = expiresAt ?? expiry.deadline(forDecisionAt: decidedAt), ISOTime(deadline) != nil else {
            throw ApprovalError.badTime(text: expiresAt ?? decidedAt, what: "expiry")
        }
        return try db.write { db in
            guard try fetch(db, id: id, now: nil) == nil else { throw ApprovalError.alreadyQueued(id: id) }
            let item = ApprovalItem(id: id, decision: decision, decidedAt: decidedAt, expiresAt: deadline, state: .pending,
                                    by: nil, note: nil, changedAt: decidedAt, recheckOutcome: nil, recheck: nil, isExpired: false)
            try insert(db, item)
            let record = ApprovalRecord(orderId: id, decisionId: decision.id, action: .queued,
                                        note: "approve before \(deadline)")
            return ApprovalTransition(item: item, record: record, auditRecord: try audit(record, at: decidedAt, wall: nil))
        }
    }

    /// Orders still open (waiting, or approved and not yet sent), oldest first; `isExpired`
    /// marks those whose deadline has passed at `now`. `includeClosed` lists every order.
    public func list(now: String, includeClosed: Bool = false) throws -> [ApprovalItem] {
        let time = try Self.parse(now, what: "now")
        return try db.read { db in try fetchAll(db, includeClosed: includeClosed, now: time) }
    }

    /// How many orders the queue holds in each state (states it has none in are absent).
    public func counts() throws -> [ApprovalState: Int] {
        try db.read { db in
            var counts: [ApprovalState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM approvals GROUP BY state") {
                let state: String = row["state"]
                counts[ApprovalState(rawValue: state) ?? .expired, default: 0] += row["n"] as Int
            }
            return counts
        }
    }

    /// One order, whatever its state.
    public func item(id: String, now: String) throws -> ApprovalItem {
        let time = try Self.parse(now, what: "now")
        return try db.read { db in try require(db, id: id, now: time) }
    }

    /// Approves a waiting order after re-running the policy (see the type's documentation).
    /// Returns the transition: `approved`, `recheck_blocked`, or `expired` when the deadline
    /// had already passed. Throws when the order is unknown or no longer waiting, and
    /// `recheckFailed` (order stays waiting) when the re-check itself throws.
    public func approve(id: String, by: String, note: String? = nil, now: String,
                        recheck: (DecisionRecord) throws -> RecheckResult) throws -> ApprovalTransition {
        let time = try Self.parse(now, what: "now")
        let current = try db.read { db in try require(db, id: id, now: time) }
        try Self.requirePending(current)
        if current.isExpired {
            return try expireOne(id: id, now: now, time: time, by: by,
                                 note: "approval by \(by) at \(now) came after the deadline \(current.expiresAt)")
        }
        let result: RecheckResult
        do {
            result = try recheck(current.decision)
        } catch {
            throw ApprovalError.recheckFailed(id: id, reason: "\(error)")
        }
        let allowed = result.outcome == .allow
        return try db.write { db in
            var item = try require(db, id: id, now: time)
            try Self.requirePending(item)
            item.state = allowed ? .approved : .recheckBlocked
            item.by = by
            item.note = note
            item.changedAt = now
            item.recheckOutcome = result.outcome
            item.recheck = result.checks
            try update(db, item)
            let record = ApprovalRecord(orderId: id, decisionId: item.decisionId, action: allowed ? .approved : .recheckBlocked,
                                        by: by, note: note, recheckOutcome: result.outcome, recheck: result.checks)
            return ApprovalTransition(item: item, record: record, auditRecord: try audit(record, at: now, wall: now))
        }
    }

    /// Rejects a waiting (or approved but unsent) order; `reason` is required.
    public func reject(id: String, by: String, reason: String, now: String) throws -> ApprovalTransition {
        let time = try Self.parse(now, what: "now")
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ApprovalError.missingReason(id: id) }
        return try db.write { db in
            var item = try require(db, id: id, now: time)
            guard !item.state.isFinal else {
                throw ApprovalError.notPending(id: id, state: item.state, by: item.by, at: item.changedAt)
            }
            item.state = .rejected
            item.by = by
            item.note = reason
            item.changedAt = now
            try update(db, item)
            let record = ApprovalRecord(orderId: id, decisionId: item.decisionId, action: .rejected, by: by, note: reason)
            return ApprovalTransition(item: item, record: record, auditRecord: try audit(record, at: now, wall: now))
        }
    }

    /// Marks every open order whose deadline has passed at `now` as expired.
    @discardableResult
    public func expire(now: String) throws -> [ApprovalTransition] {
        let time = try Self.parse(now, what: "now")
        let due = try db.read { db in try fetchAll(db, includeClosed: false, now: time).filter(\.isExpired) }
        var transitions: [ApprovalTransition] = []
        for item in due {
            let what = item.state == .approved ? "approved but not sent" : "not approved"
            do {
                transitions.append(try expireOne(id: item.id, now: now, time: time, by: nil,
                                                 note: "\(what) before the deadline \(item.expiresAt)"))
            } catch ApprovalError.notPending {
                continue // decided by someone else in the meantime
            }
        }
        return transitions
    }

    /// Approved orders that may be sent at `now` (never expired, rejected or blocked ones).
    public func sendable(now: String) throws -> [ApprovalItem] {
        try list(now: now).filter { $0.state == .approved && !$0.isExpired }
    }

    /// Atomically takes an approved, unexpired order for sending (`approved` → `sent`), so it
    /// is handed out once. An approved order past its deadline is expired instead and
    /// `notSendable` is thrown.
    public func claimForSending(id: String, now: String) throws -> ApprovalItem {
        let time = try Self.parse(now, what: "now")
        let current = try db.read { db in try require(db, id: id, now: time) }
        if current.state == .approved && current.isExpired {
            _ = try expireOne(id: id, now: now, time: time, by: nil, note: "approved but not sent before the deadline \(current.expiresAt)")
            throw ApprovalError.notSendable(id: id, state: .expired)
        }
        return try db.write { db in
            var item = try require(db, id: id, now: time)
            guard item.state == .approved, !item.isExpired else { throw ApprovalError.notSendable(id: id, state: item.state) }
            item.state = .sent
            item.changedAt = now
            try update(db, item)
            return item
        }
    }

    /// An approved order that the re-check just before sending did not allow (or that could
    /// not be re-checked): `approved` → `recheck_blocked`, never handed out for sending, so the
    /// queue says what the audit says. `by` is who re-checked (the runtime); the approver stays
    /// in the audit's `approved` record. `wall` is the record's wall-clock time when `now` is
    /// market time. Throws `notSendable` when the order is no longer approved (decided or
    /// expired elsewhere in the meantime).
    @discardableResult
    public func blockBeforeSending(id: String, by: String, reason: String, outcome: Outcome, checks: [PolicyCheck]?,
                                   now: String, wall: String? = nil) throws -> ApprovalTransition {
        let time = try Self.parse(now, what: "now")
        return try db.write { db in
            var item = try require(db, id: id, now: time)
            guard item.state == .approved else { throw ApprovalError.notSendable(id: id, state: item.state) }
            item.state = .recheckBlocked
            item.by = by
            item.note = reason
            item.changedAt = now
            item.recheckOutcome = outcome
            item.recheck = checks
            try update(db, item)
            let record = ApprovalRecord(orderId: id, decisionId: item.decisionId, action: .recheckBlocked, by: by,
                                        note: reason, recheckOutcome: outcome, recheck: checks)
            return ApprovalTransition(item: item, record: record, auditRecord: try audit(record, at: now, wall: wall ?? now))
        }
    }

    private func expireOne(id: String, now: String, time: ISOTime, by: String?, note: String) throws -> ApprovalTransition {
        try db.write { db in
            var item = try require(db, id: id, now: time)
            guard !item.state.isFinal else { throw ApprovalError.notPending(id: id, state: item.state, by: item.by, at: item.changedAt) }
            item.state = .expired
            item.changedAt = now
            try update(db, item)
            let record = ApprovalRecord(orderId: id, decisionId: item.decisionId, action: .expired, by: by, note: note)
            return ApprovalTransition(item: item, record: record, auditRecord: try audit(record, at: now, wall: now))
        }
    }

    private func audit(_ record: ApprovalRecord, at: String, wall: String?) throws -> AuditRecord? {
        try auditLog?.append(.approval(record), at: at, wall: wall)
    }

    private static func requirePending(_ item: ApprovalItem) throws {
        guard item.state == .pending else {
            throw ApprovalError.notPending(id: item.id, state: item.state, by: item.by, at: item.changedAt)
        }
    }

    static func parse(_ text: String, what: String) throws -> ISOTime {
        guard let time = ISOTime(text) else { throw ApprovalError.badTime(text: text, what: what) }
        return time
    }
}
