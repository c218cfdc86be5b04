/// What a notification is about (`notify: [{ events: [...] }]` in `algobot.yaml`). The raw
/// values are stable ids: settings files, payloads (`event`) and audit notes carry them.
public enum NotifyEvent: String, Sendable, Codable, CaseIterable {
    /// An order waits for a person: the payload carries the approve and reject commands and the deadline.
    case approvalNeeded = "approval_needed"
    case approvalExpired = "approval_expired"
    case approvalRejected = "approval_rejected"
    /// The kill switch was turned on (`algobot halt`) or off (`algobot resume`).
    case halted
    case resumed
    case brokerDown = "broker_down"
    case brokerRecovered = "broker_recovered"
    /// The broker's holdings differ from the audit log's; no new order is sent.
    case reconciliationMismatch = "reconciliation_mismatch"
    /// The run stopped cleanly (completed or interrupted), or on an error.
    case runEnded = "run_ended"
    case runCrashed = "run_crashed"
    /// A trading day ended: profit and loss, orders sent, decisions the policy objected to.
    case dailySummary = "daily_summary"

    /// A short title (ntfy's `Title` header).
    public var title: String {
        switch self {
        case .approvalNeeded: return "Order waits for approval"
        case .approvalExpired: return "Approval expired"
        case .approvalRejected: return "Approval rejected"
        case .halted: return "Trading halted"
        case .resumed: return "Trading resumed"
        case .brokerDown: return "Broker unreachable"
        case .brokerRecovered: return "Broker reachable again"
        case .reconciliationMismatch: return "Reconciliation mismatch"
        case .runEnded: return "Run ended"
        case .runCrashed: return "Run stopped on an error"
        case .dailySummary: return "Daily summary"
        }
    }

    /// Whether a person should look now (ntfy priority `high` rather than `default`).
    public var isUrgent: Bool {
        switch self {
        case .approvalNeeded, .halted, .brokerDown, .reconciliationMismatch, .runCrashed: return true
        case .approvalExpired, .approvalRejected, .resumed, .brokerRecovered, .runEnded, .dailySummary: return false
        }
    }
}
