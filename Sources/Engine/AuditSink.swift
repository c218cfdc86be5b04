import Audit

extension AuditSink {
    /// Engine records carry market time only; wall time is added by live runs. A backtest's
    /// log writes them on its own thread (`AuditLog.add`); a live run's before this returns.
    func append(_ body: AuditBody, at: String) throws {
        try add(body, at: at)
    }
}
