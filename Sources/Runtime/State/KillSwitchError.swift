/// What a kill-switch command could not do, and what is in force because of it. A halt is a
/// safety action: it takes effect even when its audit record cannot be written, and says so.
/// A resume, or accepting the broker's holdings, takes effect only once its record is
/// written: trading must never go on without a record of who let it.
public enum KillSwitchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `HALT` was written; the `control` record was not.
    case haltNotRecorded(haltFile: String, cause: String)
    /// The `resume` record could not be written, so `HALT` was left in place.
    case resumeNotRecorded(haltFile: String, cause: String)
    /// The `resume` record was written but `HALT` could not be removed.
    case haltNotLifted(haltFile: String, cause: String)
    /// The `accept_broker_state` record could not be written, so the request file was not.
    case acceptNotRecorded(file: String, cause: String)
    /// The record was written but the request file could not be.
    case acceptNotWritten(file: String, cause: String)

    public var description: String {
        switch self {
        case let .haltNotRecorded(haltFile, cause):
            return "trading IS halted: \(haltFile) was written, so no new order will be sent. But the audit record of the halt "
                + "was NOT written: \(cause). A halt is a safety action, so it stays in force without its record; "
                + "trading cannot resume until the audit log is usable again"
        case let .resumeNotRecorded(haltFile, cause):
            return "trading is still halted: the resume could not be recorded in the audit log, so \(haltFile) was left in "
                + "place. Why: \(cause)"
        case let .haltNotLifted(haltFile, cause):
            return "the resume was recorded in the audit log, but \(haltFile) could not be removed (\(cause)): trading is still "
                + "halted. Fix the cause and run `algobot resume` again"
        case let .acceptNotRecorded(file, cause):
            return "the running bot will not take the broker's holdings: the request could not be recorded in the audit log, "
                + "so \(file) was not written. Why: \(cause)"
        case let .acceptNotWritten(file, cause):
            return "the request was recorded in the audit log, but \(file) could not be written (\(cause)): the running bot "
                + "will not take the broker's holdings. Fix the cause and run the command again"
        }
    }
}
