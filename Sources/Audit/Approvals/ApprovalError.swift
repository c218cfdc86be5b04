import Vocabulary

/// Why an approval-queue request was refused, in words for the operator.
public enum ApprovalError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknown(id: String, suggestions: [String])
    case notPending(id: String, state: ApprovalState, by: String?, at: String?)
    case notSendable(id: String, state: ApprovalState)
    case notNeedingApproval(id: String, outcome: Outcome)
    case alreadyQueued(id: String)
    case missingReason(id: String)
    case badTime(text: String, what: String)
    case recheckFailed(id: String, reason: String)

    public var description: String {
        switch self {
        case let .unknown(id, suggestions):
            let hint = suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
            return "there is no order '\(id)' in the approval queue.\(hint) List waiting orders with `algobot approvals list`."
        case let .notPending(id, state, by, at):
            let who = by.map { " by \($0)" } ?? ""
            let when = at.map { " at \($0)" } ?? ""
            return "order \(id) is no longer waiting for approval: it was \(Self.words(state))\(who)\(when). Nothing was changed."
        case let .notSendable(id, state):
            return "order \(id) may not be sent: it is \(Self.words(state)), not approved and unexpired"
        case let .notNeedingApproval(id, outcome):
            return "decision \(id) has outcome '\(outcome)'; only '\(Outcome.needsApproval)' decisions wait in the approval queue"
        case let .alreadyQueued(id):
            return "order \(id) is already in the approval queue"
        case let .missingReason(id):
            return "rejecting order \(id) needs a reason (--reason \"…\"), so the audit says why"
        case let .badTime(text, what):
            return "\(what) '\(text)' is not an ISO 8601 time (like 2024-03-08T15:30:00Z)"
        case let .recheckFailed(id, reason):
            return "could not re-check the policy for order \(id) (\(reason)); it stays waiting, try again when the cause is fixed"
        }
    }

    static func words(_ state: ApprovalState) -> String {
        switch state {
        case .pending: return "waiting"
        case .approved: return "approved"
        case .sent: return "already sent"
        case .rejected: return "rejected"
        case .expired: return "expired"
        case .recheckBlocked: return "blocked by the policy re-check at approval"
        }
    }
}
