import Vocabulary

/// One decision: a strategy rule fired for a symbol on a bar, the policy judged the order
/// it asked for, and the outcome. Written whether or not an order followed, so "why
/// didn't it trade?" has an answer too.
///
/// `outcome` is always the policy's. A live run's gates after the policy (trading halted,
/// broker unreachable, …) are their own list, `gates`; what became of the decision is
/// `effectiveOutcome` (see `DecisionRecord+Effective.swift`), which everything that reads a
/// record's fate uses. Records written before `gates` existed have the gates among `checks`
/// (kind `runtime`) and `outcome`/`reason` overwritten; they read the same way.
public struct DecisionRecord: Codable, Sendable, Equatable {
    /// Stable id, unique within a log: `<run>-<symbol>-<bar time>-<rule>`.
    public var id: String
    public var mode: Mode
    public var strategy: FileRef
    public var policy: FileRef
    public var symbol: String
    public var rule: FiredRule
    public var order: DecidedOrder
    /// Every policy rule, in evaluation order (built-in limits first, then user rules).
    public var checks: [PolicyCheck]
    /// The policy's outcome.
    public var outcome: Outcome
    /// One sentence: which rule decided the outcome and why.
    public var reason: String
    /// Optional rationale from the advisor; it never changes the outcome. Left empty by
    /// algobot's own runs: the advisor's note is a separate `advisor_note` record written
    /// after the decision (see docs/ADVISOR.md), so this line never waits for the advisor.
    /// `explain` shows either.
    public var advisorNote: String?
    /// The order and the account exactly as the policy saw them; nil in records written
    /// before it was recorded.
    public var input: DecisionInput?
    /// The runtime's gates that stood in the way after the policy decided, in the order they
    /// were checked; nil when none did (and always in backtests).
    public var gates: [GateCheck]?

    public init(id: String, mode: Mode, strategy: FileRef, policy: FileRef, symbol: String, rule: FiredRule,
                order: DecidedOrder, checks: [PolicyCheck], outcome: Outcome, reason: String, advisorNote: String? = nil,
                input: DecisionInput? = nil, gates: [GateCheck]? = nil) {
        self.id = id
        self.mode = mode
        self.strategy = strategy
        self.policy = policy
        self.symbol = symbol
        self.rule = rule
        self.order = order
        self.checks = checks
        self.outcome = outcome
        self.reason = reason
        self.advisorNote = advisorNote
        self.input = input
        self.gates = gates
    }
}

/// A YAML file as it was when the run started.
public struct FileRef: Codable, Sendable, Equatable {
    public var name: String
    public var file: String
    public var sha256: String

    public init(name: String, file: String, sha256: String) {
        self.name = name
        self.file = file
        self.sha256 = sha256
    }
}

/// The strategy rule that fired, where it is, and what its expression saw.
public struct FiredRule: Codable, Sendable, Equatable {
    public var id: String
    /// `strategies/sma.yaml:12:11`
    public var location: String
    public var expression: String
    public var values: [ObservedValue]

    public init(id: String, location: String, expression: String, values: [ObservedValue]) {
        self.id = id
        self.location = location
        self.expression = expression
        self.values = values
    }
}

/// `sma(close, fast)` = 401.23 (with params substituted in `shown`: `sma(close, 10)`).
public struct ObservedValue: Codable, Sendable, Equatable {
    public var expression: String
    public var value: Double?
    /// The value on the previous bar, when the rule compares across bars (crosses_*).
    public var previous: Double?

    public init(expression: String, value: Double?, previous: Double? = nil) {
        self.expression = expression
        self.value = value
        self.previous = previous
    }
}

public struct DecidedOrder: Codable, Sendable, Equatable {
    /// Our id for the order (`o-000012`); stable across restarts.
    public var orderId: String
    public var clientOrderId: String
    public var side: Side
    /// The strategy action that produced it.
    public var action: Action
    public var qty: Double?
    public var notional: Double?
    /// Price the decision was made at (the decision bar's close).
    public var price: Double

    public init(orderId: String, clientOrderId: String, side: Side, action: Action, qty: Double?, notional: Double?, price: Double) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.side = side
        self.action = action
        self.qty = qty
        self.notional = notional
        self.price = price
    }
}

/// One policy rule's verdict with the numbers it compared.
public struct PolicyCheck: Codable, Sendable, Equatable {
    /// The limit's or the rule's id (a gate's, for kind `runtime`).
    public var id: String
    /// limit (built-in) | rule (user-written) | runtime (a gate, in records written before `gates`)
    public var kind: CheckKind
    /// error: could not evaluate, which counts as block.
    public var result: CheckStatus
    /// The outcome this rule asks for when it fails.
    public var outcome: Outcome
    /// Plain words with numbers: "position after order $9,980.00 ≤ limit $25,000.00".
    public var message: String
    public var values: [NamedValue]
    public var limit: Double?
    /// `file:line:col` of the rule or limit in the policy YAML.
    public var location: String?

    public init(id: String, kind: CheckKind, result: CheckStatus, outcome: Outcome, message: String,
                values: [NamedValue], limit: Double?, location: String?) {
        self.id = id
        self.kind = kind
        self.result = result
        self.outcome = outcome
        self.message = message
        self.values = values
        self.limit = limit
        self.location = location
    }
}

public struct NamedValue: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double?
    public var text: String?

    public init(name: String, value: Double?, text: String? = nil) {
        self.name = name
        self.value = value
        self.text = text
    }
}
