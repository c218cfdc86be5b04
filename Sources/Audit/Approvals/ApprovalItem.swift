import Vocabulary

/// Where an order that needs approval stands.
public enum ApprovalState: String, Sendable, Codable, CaseIterable {
    /// Waiting for an operator.
    case pending
    /// Approved and re-checked; may be claimed for sending until it expires.
    case approved
    /// Claimed for sending (`claimForSending`); never handed out again.
    case sent
    case rejected
    /// Not approved (or not sent) before its deadline.
    case expired
    /// Approved, but a policy re-run did not allow it: at approval time, or just before
    /// sending (`ApprovalQueue.blockBeforeSending`). Never sent.
    case recheckBlocked = "recheck_blocked"

    /// States from which nothing can follow.
    public var isFinal: Bool { self != .pending && self != .approved }
}

/// An order waiting in (or decided by) the approval queue.
public struct ApprovalItem: Sendable, Equatable, Codable {
    /// Our order id (`o-000012`): what `algobot approvals approve <id>` takes.
    public var id: String
    public var decision: DecisionRecord
    /// The decision's `at` (market time).
    public var decidedAt: String
    /// UTC ISO 8601; at or after this instant the order can no longer be approved or sent.
    public var expiresAt: String
    public var state: ApprovalState
    /// Who approved or rejected it.
    public var by: String?
    /// The approval note or the rejection reason.
    public var note: String?
    /// When the state last changed (the `now` of that call).
    public var changedAt: String?
    /// The policy outcome when approval re-ran the policy.
    public var recheckOutcome: Outcome?
    public var recheck: [PolicyCheck]?
    /// Whether the deadline had passed at the `now` of the call that returned this item.
    public var isExpired: Bool

    public var symbol: String { decision.symbol }
    public var decisionId: String { decision.id }
}

/// What the caller's policy re-run says about an order at approval time. The closure must
/// evaluate the policy against the current positions and prices *with this approval granted*
/// (the approval threshold counts as met), so `allow` means no limit is breached now.
public struct RecheckResult: Sendable, Equatable {
    public var outcome: Outcome
    public var checks: [PolicyCheck]

    public init(outcome: Outcome, checks: [PolicyCheck]) {
        self.outcome = outcome
        self.checks = checks
    }
}

/// One state change: the item after it, the `ApprovalRecord` describing it, and the audit
/// line it was written as (when the queue was given an `AuditLog`).
public struct ApprovalTransition: Sendable, Equatable {
    public var item: ApprovalItem
    public var record: ApprovalRecord
    public var auditRecord: AuditRecord?

    /// One sentence for the CLI.
    public var summary: String {
        let who = record.by.map { " by \($0)" } ?? ""
        switch record.action {
        case .queued: return "\(item.id) is waiting for approval until \(item.expiresAt)"
        case .approved: return "\(item.id) approved\(who); the policy re-check allows it, so it will be sent"
        case .recheckBlocked:
            return "\(item.id) was approved\(who), but the policy re-check now says \(record.recheckOutcome ?? .block), so it will not be sent"
        case .rejected: return "\(item.id) rejected\(who); it will not be sent"
        case .expired: return "\(item.id) expired at \(item.expiresAt); it will not be sent"
        }
    }
}

/// When a queued approval stops being valid.
public enum ApprovalExpiry: Sendable, Equatable {
    /// `hour:minute` New York time on the decision's day (default 16:00, the close).
    case endOfTradingDay(hour: Int = 16, minute: Int = 0)
    /// A fixed time after the decision's `at` (a date-only `at` counts from 00:00 UTC).
    case after(seconds: Int)

    public static let `default` = ApprovalExpiry.endOfTradingDay()

    /// The deadline for a decision made at `decidedAt`, or nil when that is not ISO 8601.
    /// The trading day of a date-only `decidedAt` (a daily bar) is that New York day; a
    /// timestamp is converted to New York first (`NewYorkTime`, from the tz database).
    public func deadline(forDecisionAt decidedAt: String) -> String? {
        switch self {
        case let .endOfTradingDay(hour, minute):
            guard let time = ISOTime(decidedAt) else { return nil }
            let day = time.isDateOnly ? CivilDate.day(containing: time.wholeSeconds) : NewYorkTime.localDate(utc: time.wholeSeconds)
            return ISOTimestamp.utcText(NewYorkTime.instant(localDate: day, secondOfDay: Int64(hour * 3600 + minute * 60)))
        case let .after(seconds):
            return ISOTime(decidedAt).map { ISOTime(epochSeconds: $0.epochSeconds + Double(seconds)).utcText }
        }
    }
}
