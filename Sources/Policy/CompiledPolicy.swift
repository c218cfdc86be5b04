import RuleLanguage
import Vocabulary

/// The policy ready to judge orders: the built-in limits (`BuiltInLimit`: always present,
/// passing when not configured) and the user's compiled rules. Immutable.
public final class CompiledPolicy: Sendable {
    /// The limits as plain numbers, so judging an order copies no text.
    struct LimitValues {
        var positionNotional: Double?
        var positionPercent: Double?
        var gross: Double?
        var drawdown: Double?
        var approval: Double?
        /// Nil when the policy does not set it: the check then compares with 0 (shorting off).
        var short: Double?
    }

    public let source: CheckedPolicy
    package let rules: [CompiledPolicyRule]
    /// Every rule id, limits first: the keys of the violations table, indexed by `CheckResult.index`.
    public let ruleIDs: [String]
    /// `file:line:col` of each rule in `ruleIDs` (nil for a limit that is not set).
    public let locations: [String?]
    let limitValues: LimitValues
    /// The user rules' conditions and outcomes in flat arrays: judging an order then
    /// copies no rule (a rule holds texts, and copying it costs reference counting).
    private let ruleChecks: ContiguousArray<RuleCheck>
    /// Whether a user rule reads the order's `symbol`; when none does, `outcome(of:...)`
    /// leaves the text out of the inputs (the judgement cannot depend on it).
    private let readsSymbol: Bool
    /// Every rule as its single comparison of an order value with a number (`price < 5`),
    /// when every rule is one; empty otherwise. `outcome(of:...)` then judges the rules from
    /// the figures, with no `PolicyInputs` built.
    private let comparisons: ContiguousArray<CompiledPolicyRule.Comparison>

    /// A closure held in a struct is stored as itself, not in the array's generic form,
    /// so calling it needs no conversion thunk.
    private struct RuleCheck: Sendable {
        let fires: @Sendable (PolicyInputs) -> Bool?
        let outcome: Outcome
    }

    public init(_ policy: CheckedPolicy) {
        source = policy
        rules = policy.rules.map(CompiledPolicyRule.init)
        ruleChecks = ContiguousArray(rules.map { RuleCheck(fires: $0.condition, outcome: $0.outcome) })
        readsSymbol = rules.contains { $0.reads.contains(OrderText.symbol.name) }
        let simple = rules.compactMap(\.comparison)
        comparisons = simple.count == rules.count ? ContiguousArray(simple) : []
        let limits = policy.limits
        ruleIDs = BuiltInLimit.allCases.map(\.id) + policy.rules.map(\.id)
        locations = BuiltInLimit.allCases.map { limit in
            switch limit {
            case .maxPositionPerSymbol: return limits.maxPositionPerSymbol?.location.location
            case .maxGrossNotional: return limits.maxGrossNotional?.location.location
            case .dailyMaxDrawdown: return limits.dailyMaxDrawdownPercent?.location.location
            case .approvalThreshold: return limits.approvalThresholdNotional?.location.location
            case .maxShortNotional: return limits.maxShortNotional?.location.location
            }
        } + policy.rules.map { $0.location.location }
        var values = LimitValues()
        switch limits.maxPositionPerSymbol?.value {
        case .notional(let n)?: values.positionNotional = n
        case .percentOfEquity(let p)?: values.positionPercent = p
        case nil: break
        }
        values.gross = limits.maxGrossNotional?.value
        values.drawdown = limits.dailyMaxDrawdownPercent?.value
        values.approval = limits.approvalThresholdNotional?.value
        values.short = limits.maxShortNotional?.value
        limitValues = values
    }

    /// Judges one order. All rules are evaluated; the outcome is the most severe
    /// (block > needs_approval > allow); anything that cannot be evaluated blocks.
    /// A person's approval satisfies `needs_approval` but never a block.
    public func evaluate(_ intent: OrderIntent, account: AccountSnapshot, approval: HumanApproval? = nil) -> PolicyDecision {
        let order = PackedOrder(intent.figures)
        let facts = LimitFigures(order, account: account)
        let inputs = facts.inputs(symbol: intent.symbol, of: order, account: account)
        var checks: [CheckResult] = []
        checks.reserveCapacity(checkCount)
        let outcome = judge(inputs, facts, equity: account.equity) { checks.append($0) }
        return PolicyDecision(intent: intent, outcome: outcome, checks: checks, approval: approval, account: account,
                              inputs: inputs, policy: self)
    }

    /// The same judgement as `evaluate`, for the engine's compact decision records: the
    /// outcome, and one status byte per check (`CheckResult.Status.byte`) written to
    /// `statuses[0 ..< checkCount]` in check order. Nothing is allocated.
    /// `evaluate` on the same figures gives the same outcome and statuses (`CompactOutcomeTests`).
    /// The limits are judged from the figures alone (`LimitChecks.judge`, the comparisons
    /// `evaluate`'s checks make, without a `CheckResult` each); so are rules that are each a
    /// single comparison of a value with a number. Otherwise the rules' inputs are built,
    /// and `symbol` is asked for only when a rule reads it (no string is copied per order otherwise).
    public func outcome(of figures: OrderFigures, symbol: @autoclosure () -> String, account: AccountSnapshot,
                        statuses: UnsafeMutablePointer<UInt8>) -> Outcome {
        var order = PackedOrder(figures), account = account
        return outcome(of: &order, symbol: symbol(), account: &account, statuses: statuses)
    }

    /// The same for an order and account that lie in the caller's memory (the engine's
    /// decision record, `OrderEntry`): read where they are, not copied to be passed.
    public func outcome(of packed: UnsafePointer<PackedOrder>, symbol: @autoclosure () -> String,
                        account snapshot: UnsafePointer<AccountSnapshot>, statuses: UnsafeMutablePointer<UInt8>) -> Outcome {
        let figures = packed.pointee, account = snapshot.pointee
        let facts = LimitFigures(figures, account: account)
        var outcome = LimitChecks.judge(limitValues, facts, equity: account.equity, statuses: statuses)
        guard !ruleChecks.isEmpty else { return outcome }
        let at = statuses + BuiltInLimit.count
        if !comparisons.isEmpty {
            for index in 0..<comparisons.count {
                let comparison = comparisons[index]
                let status = Self.status(fired: comparison.fires(facts.value(comparison.value, of: figures, account: account)))
                at[index] = status.byte
                let asks = status.outcome(onFailure: ruleChecks[index].outcome)
                if asks > outcome { outcome = asks }
            }
            return outcome
        }
        return judgeRules(facts, of: figures, symbol: symbol, account: account, statuses: at, outcome: outcome)
    }

    /// The user rules through their `PolicyInputs`, for a policy with a rule that is not a
    /// single comparison: out of line, so the engine's common path (limits and comparisons)
    /// stays small.
    @inline(never)
    private func judgeRules(_ facts: LimitFigures, of figures: PackedOrder, symbol: () -> String, account: AccountSnapshot,
                            statuses at: UnsafeMutablePointer<UInt8>, outcome limits: Outcome) -> Outcome {
        var outcome = limits
        let inputs = facts.inputs(symbol: readsSymbol ? symbol() : "", of: figures, account: account)
        for index in 0..<ruleChecks.count {
            let status = Self.status(fired: ruleChecks[index].fires(inputs))
            at[index] = status.byte
            let asks = status.outcome(onFailure: ruleChecks[index].outcome)
            if asks > outcome { outcome = asks }
        }
        return outcome
    }

    /// The built-in limits and every user rule, in order; `record` sees each result.
    /// The outcome is the most severe (block > needs_approval > allow).
    @inline(__always)
    private func judge(_ inputs: PolicyInputs, _ facts: LimitFigures, equity: Double, record: (CheckResult) -> Void) -> Outcome {
        var outcome = Outcome.allow
        LimitChecks(limits: limitValues, figures: facts, equity: equity).forEach { check in
            if check.outcome > outcome { outcome = check.outcome }
            record(check)
        }
        for index in 0..<ruleChecks.count {
            let check = CheckResult(subject: .rule(index), status: Self.status(fired: ruleChecks[index].fires(inputs)),
                                    outcomeOnFailure: ruleChecks[index].outcome, value: .nan, limit: nil, detail: .evaluated)
            if check.outcome > outcome { outcome = check.outcome }
            record(check)
        }
        return outcome
    }

    /// A rule that fired fails; one that could not be evaluated (nil) is an error, which blocks.
    @inline(__always)
    private static func status(fired: Bool?) -> CheckStatus {
        switch fired {
        case true?: return .fail
        case false?: return .pass
        case nil: return .error
        }
    }

    /// Whether `outcome(of:...)` judges the rules from the figures (each one a comparison).
    var judgesRulesFromFigures: Bool { !comparisons.isEmpty }

    /// Checks per decision: the built-in limits, then the user rules.
    public var checkCount: Int { BuiltInLimit.count + rules.count }

    /// The outcome check `index` (`ruleIDs` order) gives an order when it fails; one that
    /// cannot be evaluated blocks whatever this says (`CheckResult.outcome`). With a
    /// decision's status bytes this counts violations without judging the order again.
    public func outcomeOnFailure(check index: Int) -> Outcome {
        BuiltInLimit(index: index)?.outcomeOnFailure ?? ruleChecks[index - BuiltInLimit.count].outcome
    }

    /// Figures every rule sees. Unknown inputs stay NaN so that rules reading them block.
    static func inputs(for intent: OrderFigures, symbol: String, account: AccountSnapshot) -> PolicyInputs {
        let order = PackedOrder(intent)
        return LimitFigures(order, account: account).inputs(symbol: symbol, of: order, account: account)
    }
}
