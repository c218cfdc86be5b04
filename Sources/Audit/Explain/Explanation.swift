import Vocabulary

/// Everything `algobot explain` says about one order or decision, already in plain words
/// (`text` fields) with the raw numbers beside them. Encoded as JSON for `--format json`;
/// `ExplanationText` renders it for people.
public struct Explanation: Codable, Sendable, Equatable {
    /// order | decision: what the operator asked about.
    public var subject: String
    /// `Order o-000012: buy 24 SPY on 2024-03-08 — allowed, sent, filled`
    public var headline: String
    public var decisionId: String
    public var orderId: String
    public var clientOrderId: String
    public var symbol: String
    /// Market time of the decision.
    public var at: String
    public var wall: String?
    public var mode: Mode
    public var strategy: FileRef
    public var policy: FileRef
    public var order: DecidedOrder
    /// `Buy 24 shares of SPY at about $401.23 a share (about $9,629.52).`
    public var ordered: String
    public var rule: RuleExplanation
    /// For an order the engine placed to exit the rule's position (a stop loss leg, a
    /// `max_bars` sell): which exit; absent for a rule's own order.
    public var exitReason: ExitReason?
    /// For an exit leg that filled: the level, how it was set and what of the bar reached it.
    public var trigger: String?
    /// For an exit of a paper or dry run: who held it until it was sent or filled, the broker
    /// as an order (a leg sent with the entry, a trailing stop placed at the entry's fill) or the
    /// bot, which watched the level at each close and sent a market order (with the words of
    /// its `exit_watched` note). Absent in a backtest, whose fill model holds every exit.
    public var exitHeldBy: String?
    /// Deciding checks first (the ones that blocked or asked for approval), then the other
    /// failures, then the passes; evaluation order within each group.
    public var checks: [CheckExplanation]
    /// What became of the decision: the policy's outcome, or block when a runtime gate stood in the way.
    public var outcome: Outcome
    public var outcomeText: String
    public var reason: String
    public var approvals: [ApprovalEvent]
    public var broker: [BrokerEvent]
    /// Set when nothing reached the broker: why not.
    public var brokerSummary: String?
    /// For an order that needed approval: what asked for it, where that is set and what to
    /// change: "approval_threshold is $1,000 (rules/supervised.yaml:9:3): orders above it …".
    public var approvalHint: String?
    /// The advisor's rationale, or `advisor unavailable: <reason>`; for information only.
    public var advisorNote: String?
    /// The advisor note record behind `advisorNote` (which advisor, ok or unavailable), when
    /// it came from an `advisor_note` record rather than from the decision itself.
    public var advisor: AdvisorNoteRecord?
}

public struct RuleExplanation: Codable, Sendable, Equatable {
    public var id: String
    /// `strategies/sma.yaml:10:11`
    public var location: String
    public var expression: String
    public var values: [ValueExplanation]
    /// For crosses_above / crosses_below: the cross in words with both bars' numbers.
    public var crossing: String?
}

public struct ValueExplanation: Codable, Sendable, Equatable {
    public var expression: String
    public var value: Double?
    public var previous: Double?
    /// `sma(close, 10) = 401.23 (previous bar 398.10)`
    public var text: String
}

public struct CheckExplanation: Codable, Sendable, Equatable {
    public var id: String
    /// limit | rule | runtime (a gate after the policy)
    public var kind: CheckKind
    public var result: CheckStatus
    /// What the check asks for when it fails.
    public var outcome: Outcome
    public var message: String
    public var location: String?
    public var values: [NamedValue]
    public var limit: Double?
    /// True for the checks that decided the outcome.
    public var decisive: Bool
    /// `position after order $9,980.00 ≤ limit $25,000.00 — pass`
    public var text: String
}

public struct ApprovalEvent: Codable, Sendable, Equatable {
    public var action: ApprovalAction
    public var at: String
    public var wall: String?
    public var by: String?
    public var note: String?
    public var recheckOutcome: Outcome?
    public var text: String
}

public struct BrokerEvent: Codable, Sendable, Equatable {
    /// order_submitted | order_update | fill
    public var type: String
    public var at: String
    public var wall: String?
    public var status: String?
    public var brokerOrderId: String?
    public var qty: Double?
    public var price: Double?
    public var commission: Double?
    public var text: String
}
