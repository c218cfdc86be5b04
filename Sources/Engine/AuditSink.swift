import Audit

extension AuditSink {
    /// Engine records carry market time only; wall time is added by live runs.
    func append(_ body: AuditBody, at: String) throws {
        _ = try append(body, at: at, wall: nil)
    }
}
