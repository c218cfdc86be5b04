import Audit

/// Where the engine writes audit records. `append` must have flushed the record to
/// durable storage when it returns: orders are sent only after their record is written.
public protocol AuditSink: AnyObject {
    func append(_ body: AuditBody, at: String) throws
}
