import RuleLanguage
import Vocabulary

/// The plain words of a check, rendered from its figures (explain, audit, reports).
extension PolicyDecision {
    /// The rule's id (`max_gross_notional`, `no-penny-stocks`).
    public func id(of check: CheckResult) -> String { policy.ruleIDs[check.index] }

    /// Where the rule is in the policy YAML (`rules/limits.yaml:5:3`); nil for a limit not set.
    public func location(of check: CheckResult) -> String? { policy.locations[check.index] }

    public func message(for check: CheckResult) -> String {
        switch check.detail {
        case .notSet:
            return check.index == 3 ? "no threshold set" : "no limit set"
        case .missing:
            return "cannot evaluate: \(missingWhat(id(of: check))), so the order is blocked"
        case .reducing:
            switch id(of: check) {
            case "max_position_per_symbol": return "order only reduces the position (\(Money.text(check.value)) after)"
            case "max_gross_notional": return "order only reduces exposure (\(Money.text(check.value)) after)"
            case "daily_max_drawdown": return "order only reduces risk (today's drawdown \(Money.number(check.value))%)"
            default: return "order only reduces the position (exits never wait for approval)"
            }
        case .compared:
            let ok = check.status == .pass
            let limit = check.limit ?? .nan
            switch id(of: check) {
            case "max_position_per_symbol":
                return "position after order \(Money.text(check.value)) \(ok ? "≤" : ">") limit \(Money.text(limit))"
            case "max_gross_notional":
                return "gross exposure after order \(Money.text(check.value)) \(ok ? "≤" : ">") limit \(Money.text(limit))"
            case "daily_max_drawdown":
                return ok ? "today's drawdown \(Money.number(check.value))% < limit \(Money.number(limit))%"
                          : "today's drawdown \(Money.number(check.value))% ≥ limit \(Money.number(limit))% (no new buys until tomorrow)"
            default:
                return "order \(Money.text(check.value)) \(ok ? "≤" : ">") threshold \(Money.text(limit))"
            }
        case .rule(let index):
            let rule = policy.rules[index].source
            switch check.status {
            case .pass: return "\(rule.expressionText) is false"
            case .fail: return "\(rule.expressionText) is true: \(rule.reason)"
            case .error: return "could not evaluate \(rule.expressionText): a value it needs is missing, so the order is blocked"
            }
        }
    }

    private func missingWhat(_ id: String) -> String {
        switch id {
        case "daily_max_drawdown": return "today's drawdown is unknown (account equity missing)"
        case "max_gross_notional": return "a price is missing, so exposure cannot be valued"
        case "approval_threshold": return "the price is missing, so the order cannot be valued"
        default: return "the price or equity is missing, so the position cannot be valued"
        }
    }

    /// The figures a check compared (limits) or read (user rules).
    public func values(for check: CheckResult) -> [CheckResult.Value] {
        switch check.detail {
        case .rule(let index):
            return policy.rules[index].reads.map { name in
                if let v = OrderValue.allCases.first(where: { $0.name == name }) { return .init(name, inputs.value(v)) }
                if let t = OrderText.allCases.first(where: { $0.name == name }) { return .init(name, text: inputs.text(t)) }
                return .init(name, text: inputs.reducesPosition ? "true" : "false")
            }
        default:
            return [.init(LimitChecks.names[min(check.index, 3)], check.value)]
        }
    }

    /// One sentence naming the rule that decided the outcome.
    public var reason: String {
        guard outcome != .allow, let decisive = checks.first(where: { $0.outcome == outcome }) else {
            return "allowed: every limit and rule passed"
        }
        switch outcome {
        case .block:
            return "blocked by \(id(of: decisive)): \(message(for: decisive))"
        case .needsApproval:
            if let approval { return "approved by \(approval.by) after \(id(of: decisive)) asked for approval: \(message(for: decisive))" }
            return "needs approval because of \(id(of: decisive)): \(message(for: decisive))"
        case .allow:
            return "allowed"
        }
    }
}
