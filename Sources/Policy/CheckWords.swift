import RuleLanguage
import Vocabulary

/// The plain words of a check, rendered from its figures (explain, audit, reports).
extension PolicyDecision {
    /// The rule's id (`max_gross_notional`, `no-penny-stocks`).
    public func id(of check: CheckResult) -> String { policy.ruleIDs[check.index] }

    /// Where the rule is in the policy YAML (`rules/limits.yaml:5:3`); nil for a limit not set.
    public func location(of check: CheckResult) -> String? { policy.locations[check.index] }

    public func message(for check: CheckResult) -> String {
        switch check.subject {
        case .limit(let limit): return message(for: check, of: limit)
        case .rule(let index):
            let rule = policy.rules[index].source
            switch check.status {
            case .pass: return "\(rule.expressionText) is false"
            case .fail: return "\(rule.expressionText) is true: \(rule.reason)"
            case .error: return "could not evaluate \(rule.expressionText): a value it needs is missing, so the order is blocked"
            }
        }
    }

    /// A built-in limit's sentence, with its numbers.
    private func message(for check: CheckResult, of limit: BuiltInLimit) -> String {
        switch check.detail {
        case .notSet, .evaluated:  // `evaluated` is a user rule's detail, never a limit's
            return limit.notSetWords
        case .missing:
            return "cannot evaluate: \(limit.missingWords), so the order is blocked"
        case .reducing:
            switch limit {
            case .maxPositionPerSymbol: return "order only reduces the position (\(Money.text(check.value)) after)"
            case .maxGrossNotional: return "order only reduces exposure (\(Money.text(check.value)) after)"
            case .dailyMaxDrawdown: return "order only reduces risk (today's drawdown \(Money.number(check.value))%)"
            case .approvalThreshold: return "order only reduces the position (exits never wait for approval)"
            case .maxShortNotional: return "order only reduces the position (covers are always allowed)"
            }
        case .compared:
            let ok = check.status == .pass
            let threshold = check.limit ?? .nan
            switch limit {
            case .maxPositionPerSymbol:
                return "position after order \(Money.text(check.value)) \(ok ? "≤" : ">") limit \(Money.text(threshold))"
            case .maxGrossNotional:
                return "gross exposure after order \(Money.text(check.value)) \(ok ? "≤" : ">") limit \(Money.text(threshold))"
            case .dailyMaxDrawdown:
                return ok ? "today's drawdown \(Money.number(check.value))% < limit \(Money.number(threshold))%"
                          : "today's drawdown \(Money.number(check.value))% ≥ limit \(Money.number(threshold))% (no new buys until tomorrow)"
            case .approvalThreshold:
                return "order \(Money.text(check.value)) \(ok ? "≤" : ">") threshold \(Money.text(threshold))"
            case .maxShortNotional:
                guard policy.source.limits.maxShortNotional != nil else {
                    return "shorting is off: this order would leave \(Money.text(check.value)) short and the policy sets no "
                        + "max_short_notional; to allow shorts, add 'max_short_notional: 10000' (dollars one symbol may be short) "
                        + "under limits: in \(policy.source.file)"
                }
                return "short position after order \(Money.text(check.value)) \(ok ? "≤" : ">") limit \(Money.text(threshold))"
            }
        }
    }

    /// The figures a check compared (limits) or read (user rules).
    public func values(for check: CheckResult) -> [CheckResult.Value] {
        switch check.subject {
        case .rule(let index):
            return policy.rules[index].reads.map { name in
                if let v = OrderValue.allCases.first(where: { $0.name == name }) { return .init(name, inputs.value(v)) }
                if let t = OrderText.allCases.first(where: { $0.name == name }) { return .init(name, text: inputs.text(t)) }
                return .init(name, text: inputs.reducesPosition ? "true" : "false")
            }
        case .limit(let limit):
            return [.init(limit.figure, check.value)]
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
