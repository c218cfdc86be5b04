import RuleLanguage

/// The policy ready to judge orders: the four built-in limits (always present, passing
/// when not configured) and the user's compiled rules. Immutable.
public final class CompiledPolicy: Sendable {
    public static let limitIDs = ["max_position_per_symbol", "max_gross_notional", "daily_max_drawdown", "approval_threshold"]

    /// The limits as plain numbers, so judging an order copies no text.
    struct LimitValues {
        var positionNotional: Double?
        var positionPercent: Double?
        var gross: Double?
        var drawdown: Double?
        var approval: Double?
    }

    public let source: CheckedPolicy
    public let rules: [CompiledPolicyRule]
    /// Every rule id, limits first: the keys of the violations table, indexed by `CheckResult.index`.
    public let ruleIDs: [String]
    /// `file:line:col` of each rule in `ruleIDs` (nil for a limit that is not set).
    public let locations: [String?]
    let limitValues: LimitValues

    public init(_ policy: CheckedPolicy) {
        source = policy
        rules = policy.rules.map(CompiledPolicyRule.init)
        let limits = policy.limits
        ruleIDs = Self.limitIDs + policy.rules.map(\.id)
        locations = [limits.maxPositionPerSymbol?.location.location, limits.maxGrossNotional?.location.location,
                     limits.dailyMaxDrawdownPercent?.location.location, limits.approvalThresholdNotional?.location.location]
            + policy.rules.map { $0.location.location }
        var values = LimitValues()
        switch limits.maxPositionPerSymbol?.value {
        case .notional(let n)?: values.positionNotional = n
        case .percentOfEquity(let p)?: values.positionPercent = p
        case nil: break
        }
        values.gross = limits.maxGrossNotional?.value
        values.drawdown = limits.dailyMaxDrawdownPercent?.value
        values.approval = limits.approvalThresholdNotional?.value
        limitValues = values
    }

    /// Judges one order. All rules are evaluated; the outcome is the most severe
    /// (block > needs_approval > allow); anything that cannot be evaluated blocks.
    /// A person's approval satisfies `needs_approval` but never a block.
    public func evaluate(_ intent: OrderIntent, account: AccountSnapshot, approval: HumanApproval? = nil) -> PolicyDecision {
        let inputs = Self.inputs(for: intent, account: account)
        var checks: [CheckResult] = []
        checks.reserveCapacity(4 + rules.count)
        LimitChecks(limits: limitValues, inputs: inputs, equity: account.equity).append(into: &checks)
        for index in rules.indices {
            let rule = rules[index]
            let fired = rule.fires(inputs)
            let status: CheckResult.Status = fired == nil ? .error : (fired! ? .fail : .pass)
            checks.append(CheckResult(index: 4 + index, kind: .rule, status: status, outcomeOnFailure: rule.outcome,
                                      value: .nan, limit: nil, detail: .rule(index)))
        }
        var outcome = CheckedPolicy.Outcome.allow
        for check in checks where check.outcome > outcome { outcome = check.outcome }
        return PolicyDecision(intent: intent, outcome: outcome, checks: checks, approval: approval, inputs: inputs, policy: self)
    }

    /// Figures every rule sees. Unknown inputs stay NaN so that rules reading them block.
    static func inputs(for intent: OrderIntent, account: AccountSnapshot) -> PolicyInputs {
        let position = account.position
        let price = intent.price > 0 && intent.price.isFinite ? intent.price : .nan
        var qty = intent.estimatedQty
        if intent.action == .sellAll { qty = position }
        if intent.side == .sell { qty = min(qty, max(position, 0)) }
        let after = position + (intent.side == .buy ? qty : -qty)
        let markBefore = abs(position * (account.mark.isFinite ? account.mark : price))
        let notional = intent.side == .buy && intent.notional != nil ? intent.notional! : qty * price
        return PolicyInputs(
            symbol: intent.symbol, side: intent.side.rawValue, action: intent.action.rawValue,
            qty: qty, notional: notional, price: price, position: position, positionAfter: after,
            positionValueAfter: abs(after * price), grossExposureAfter: account.grossExposure - markBefore + abs(after * price),
            drawdownToday: account.drawdownToday, equity: account.equity, cash: account.cash,
            reducesPosition: intent.side == .sell && position > 0 && after >= 0)
    }
}
