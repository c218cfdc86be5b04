/// What an `approval` record says happened to an order that needed a person.
public enum ApprovalAction: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Put in the queue, waiting for an operator.
    case queued
    /// Approved, and the policy re-check at approval allows it.
    case approved
    case rejected
    /// Not approved (or not sent) before its deadline.
    case expired
    /// Approved, but a policy re-check (at approval, or just before sending) did not allow it.
    case recheckBlocked = "recheck_blocked"

    /// The word of records: `queued`, `approved`, `rejected`, `expired`, `recheck_blocked`.
    public var description: String { rawValue }
}
