import RuleLanguage
import Vocabulary

/// A person's approval of an order that needed one. Only the approval queue (or
/// `--approve-all` in a backtest) should make these; the policy still re-checks every
/// limit, so an approval can never let through what a limit blocks.
public struct HumanApproval: Sendable, Equatable {
    public let by: String
    public let note: String?

    public init(by: String, note: String? = nil) {
        self.by = by
        self.note = note
    }
}

/// The policy's verdict on one order intent. Its initializer is internal: outside this
/// target a decision can be read but never forged.
public struct PolicyDecision: Sendable {
    public let intent: OrderIntent
    public let outcome: Outcome
    /// Every rule's result: built-in limits first, then user rules in file order.
    public let checks: [CheckResult]
    public let approval: HumanApproval?
    /// The account exactly as the policy saw it (recorded with the intent as the decision's input).
    public let account: AccountSnapshot
    /// The inputs the checks saw (also what user rules read).
    package let inputs: PolicyInputs
    /// The policy that decided (for the words of user rules).
    let policy: CompiledPolicy

    init(intent: OrderIntent, outcome: Outcome, checks: [CheckResult], approval: HumanApproval?, account: AccountSnapshot,
         inputs: PolicyInputs, policy: CompiledPolicy) {
        self.intent = intent
        self.outcome = outcome
        self.checks = checks
        self.approval = approval
        self.account = account
        self.inputs = inputs
        self.policy = policy
    }

    /// True when `approvedOrder` is non-nil (without building it).
    public var isApproved: Bool { Self.approves(outcome, approved: approval != nil) }

    /// Whether an order with this outcome may go to a broker: allowed, or it needed
    /// approval and a person gave it. A block is never approvable.
    /// (A `switch`: the enum's `==` calls kept it from being inlined into the engine.)
    @inlinable
    public static func approves(_ outcome: Outcome, approved: Bool) -> Bool {
        switch outcome {
        case .allow: return true
        case .needsApproval: return approved
        case .block: return false
        }
    }

    /// The order a broker may receive: present only when the policy allowed it, or when it
    /// needed approval, a person gave it, and no rule blocks.
    public var approvedOrder: ApprovedOrder? {
        switch outcome {
        case .allow: return ApprovedOrder(intent: intent, decisionOutcome: outcome, approval: approval)
        case .needsApproval: return approval.map { ApprovedOrder(intent: intent, decisionOutcome: outcome, approval: $0) }
        case .block: return nil
        }
    }
}

/// An order that passed the policy. Brokers accept only this type, and only code in the
/// Policy target can create one, so no order can reach a broker without a decision.
public struct ApprovedOrder: Sendable, Equatable {
    public let intent: OrderIntent
    /// allow, or needs_approval when a person approved it.
    public let decisionOutcome: Outcome
    public let approval: HumanApproval?

    fileprivate init(intent: OrderIntent, decisionOutcome: Outcome, approval: HumanApproval?) {
        self.intent = intent
        self.decisionOutcome = decisionOutcome
        self.approval = approval
    }
}
