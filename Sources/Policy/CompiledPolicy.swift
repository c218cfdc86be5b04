import RuleLanguage

/// The policy ready to judge orders: the four built-in limits (always present, passing
/// when not configured) and the user's compiled rules. Immutable.
public final class CompiledPolicy: Sendable {
    public static let limitIDs = ["max_position_per_symbol", "max_gross_notional", "daily_max_drawdown", "approval_threshold"]

    public let source: CheckedPolicy
    public let rules: [CompiledPolicyRule]
    private let limitLocations: [String: String]
    private let ruleLocations: [String]

    public init(_ policy: CheckedPolicy) {
        source = policy
        rules = policy.rules.map(CompiledPolicyRule.init)
        let limits = policy.limits
        var locations: [String: String] = [:]
        locations["max_position_per_symbol"] = limits.maxPositionPerSymbol?.location.location
        locations["max_gross_notional"] = limits.maxGrossNotional?.location.location
        locations["daily_max_drawdown"] = limits.dailyMaxDrawdownPercent?.location.location
        locations["approval_threshold"] = limits.approvalThresholdNotional?.location.location
        limitLocations = locations
        ruleLocations = policy.rules.map(\.location.location)
    }

    /// Every rule id, limits first: the keys of the violations table.
    public var ruleIDs: [String] { Self.limitIDs + rules.map(\.source.id) }

    /// Judges one order. All rules are evaluated; the outcome is the most severe
    /// (block > needs_approval > allow); anything that cannot be evaluated blocks.
    public func evaluate(_ intent: OrderIntent, account: AccountSnapshot, approval: HumanApproval? = nil) -> PolicyDecision {
        let inputs = Self.inputs(for: intent, account: account)
        let limits = LimitChecks(limits: source.limits, locations: limitLocations, inputs: inputs, equity: account.equity)
        var checks = [limits.maxPositionPerSymbol(), limits.maxGrossNotional(), limits.dailyMaxDrawdown(), limits.approvalThreshold()]
        for (index, rule) in rules.enumerated() { checks.append(check(rule, inputs, location: ruleLocations[index])) }
        var outcome = CheckedPolicy.Outcome.allow
        for check in checks where check.outcome > outcome { outcome = check.outcome }
        return PolicyDecision(intent: intent, outcome: outcome, checks: checks, approval: approval, inputs: inputs)
    }

    private func check(_ rule: CompiledPolicyRule, _ inputs: PolicyInputs, location: String) -> CheckResult {
        let values = rule.reads.map { name -> CheckResult.Value in
            if let v = OrderValue.allCases.first(where: { $0.name == name }) { return .init(name, inputs.value(v)) }
            if let t = OrderText.allCases.first(where: { $0.name == name }) { return .init(name, text: inputs.text(t)) }
            return .init(name, text: inputs.reducesPosition ? "true" : "false")
        }
        let fired = rule.fires(inputs)
        let status: CheckResult.Status = fired == nil ? .error : (fired! ? .fail : .pass)
        let source = rule.source
        return CheckResult(id: source.id, kind: .rule, status: status, outcomeOnFailure: source.outcome, render: { check in
            switch check.status {
            case .pass: return "\(source.expressionText) is false — pass"
            case .fail: return "\(source.expressionText) is true — \(source.outcome.rawValue): \(source.reason)"
            case .error: return "could not evaluate \(source.expressionText): a value it needs is missing — block"
            }
        }, values: values, limit: nil, location: location)
    }

    /// Figures every rule sees. Unknown inputs stay NaN so that rules reading them block.
    static func inputs(for intent: OrderIntent, account: AccountSnapshot) -> PolicyInputs {
        let position = account.position(intent.symbol)
        let price = intent.price > 0 && intent.price.isFinite ? intent.price : .nan
        var qty = intent.estimatedQty
        if intent.action == .sellAll { qty = position }
        if intent.side == .sell { qty = min(qty, max(position, 0)) }
        let signed = intent.side == .buy ? qty : -qty
        let after = position + signed
        let markBefore = abs(position * (account.holdings[intent.symbol]?.price ?? price))
        let gross = account.grossExposure - markBefore + abs(after * price)
        return PolicyInputs(
            symbol: intent.symbol, side: intent.side.rawValue, action: intent.action.rawValue,
            qty: qty, notional: intent.side == .buy && intent.notional != nil ? intent.notional! : qty * price, price: price, position: position, positionAfter: after,
            positionValueAfter: abs(after * price), grossExposureAfter: gross, drawdownToday: account.drawdownToday,
            equity: account.equity, cash: account.cash,
            reducesPosition: intent.side == .sell && position > 0 && after >= 0)
    }

    static func reason(_ outcome: CheckedPolicy.Outcome, _ checks: [CheckResult], approval: HumanApproval?) -> String {
        guard outcome != .allow, let decisive = checks.first(where: { $0.outcome == outcome }) else {
            return "allowed: every limit and rule passed"
        }
        switch outcome {
        case .block:
            return "blocked by \(decisive.id): \(decisive.message)"
        case .needsApproval:
            if let approval { return "approved by \(approval.by) after \(decisive.id) asked for approval: \(decisive.message)" }
            return "needs approval because of \(decisive.id): \(decisive.message)"
        case .allow:
            return "allowed"
        }
    }
}
