import Audit
import Foundation
import Logging

/// The run's audit log and what it says (`AuditLedger`), kept in step: every record the run
/// writes goes through `append`, which returns once the record is on disk (fsynced), so an
/// order is never sent before its record exists. Opened when the runner is made, so no
/// component ever holds a log that is not open.
final class RunJournal {
    let audit: AuditLog
    /// Decisions made, orders sent and where each stands, the holdings the broker should have.
    private(set) var ledger: AuditLedger
    private let clock: RunClock

    init(state: StateFolder, secrets: SecretRedactor, clock: RunClock, logger: Logger) throws {
        self.clock = clock
        audit = try AuditLog(path: state.audit, redactor: secrets, recoveryAt: clock.wallText, logger: logger)
        if let recovery = audit.recovery { logger.warning("audit log: \(recovery.message)") }
        ledger = try AuditLedger.load(path: state.audit)
    }

    /// Appends at `at` (a decision's bar time, the run's start) with the wall time now.
    @discardableResult
    func append(_ body: AuditBody, at: String) throws -> AuditRecord {
        let record = try audit.append(body, at: at, wall: clock.wallText)
        ledger.apply(record)
        return record
    }

    /// Appends at the market time (the broker's clock at its last answer).
    @discardableResult
    func append(_ body: AuditBody) throws -> AuditRecord {
        try append(body, at: clock.marketText)
    }

    /// A record another writer on this log appended (the approval queue).
    func noteWritten(_ record: AuditRecord) {
        ledger.apply(record)
    }

    /// Orders sent and not yet in a final state.
    var openOrders: [AuditLedger.Order] { ledger.openOrders }

    func close() throws {
        try audit.close()
    }
}
