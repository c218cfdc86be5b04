import Audit
import Foundation

/// The advisor's own handle on the run's audit log, opened at its first note (after the
/// runner has opened the log and set aside any torn line). Appends from two handles are safe:
/// `AuditLog` locks the file and continues the chain from whatever the other wrote.
public final class DeferredAuditLog: AuditSink, @unchecked Sendable {
    private let path: String
    private let redactor: SecretRedactor
    private let lock = NSLock()
    private var log: AuditLog?

    public init(path: String, redactor: SecretRedactor) {
        self.path = path
        self.redactor = redactor
    }

    public func append(_ body: AuditBody, at: String, wall: String?) throws -> AuditRecord {
        lock.lock()
        defer { lock.unlock() }
        let log = try self.log ?? AuditLog(path: path, redactor: redactor)
        self.log = log
        return try log.append(body, at: at, wall: wall)
    }

    public func close() throws {
        lock.lock()
        defer { lock.unlock() }
        try log?.close()
        log = nil
    }
}
