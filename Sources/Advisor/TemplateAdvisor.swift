import Foundation
import Audit
import Vocabulary

/// The built-in advisor: plain sentences assembled from the decision's own numbers. No I/O,
/// no clock, no randomness: the same input always gives the same text, so backtests that
/// use it stay byte-identical run after run.
///
/// "Decided to buy 24 shares of SPY because sma(close, 10) crossed above sma(close, 30)
/// (401.23 > 399.80, previous bar 398.10 ≤ 399.20). All 5 policy checks passed; the order of
/// $9,629.52 stayed within the $10,000.00 approval threshold."
public struct TemplateAdvisor: InstantAdvisor {
    public let name = "template"

    public init() {}

    public func rationaleNow(for input: AdvisorInput) -> AdvisorNote {
        .ok(text(for: input), advisor: name)
    }

    func text(for input: AdvisorInput) -> String {
        let what = "\(Self.verb(input.order.side)) \(Self.size(input.order, symbol: input.symbol))"
        let why = "because \(Self.trigger(input))"
        switch input.outcome {
        case .allow:
            return "Decided to \(what) \(why). \(Self.allPassed(input))"
        case .needsApproval:
            var text = "Wanted to \(what) \(why); the order needs a person's approval: "
                + Self.failures(input.checks.filter { $0.result == .fail && $0.onFailure == .needsApproval }) + "."
            text += Self.tally(input)
            if input.reason.hasPrefix("approved by ") { text += " It was \(input.reason)." }
            return text
        case .block:
            let deciding = input.checks.filter { $0.result == .error || ($0.result == .fail && $0.onFailure == .block) }
            return "Wanted to \(what) \(why), but the policy blocked it: \(Self.failures(deciding))." + Self.tally(input)
        }
    }

    private static func verb(_ side: Side) -> String { side.verb.lowercased() }

    /// `24 shares of SPY`, `all 24 shares of SPY`, `$5,000.00 of SPY`.
    static func size(_ order: AdvisorInput.Order, symbol: String) -> String {
        if let qty = order.qty {
            let all = order.action.closesAll ? "all " : ""
            return "\(all)\(Money.quantity(qty)) \(qty == 1 ? "share" : "shares") of \(symbol)"
        }
        if let notional = order.notional { return "\(Money.text(notional)) of \(symbol)" }
        return order.action.closesAll ? "all shares of \(symbol)" : symbol
    }

    /// The rule in words: the cross with both bars' numbers when the numbers show one,
    /// otherwise the expression and what it saw.
    static func trigger(_ input: AdvisorInput) -> String {
        let expression = input.expression.trimmingCharacters(in: .whitespaces)
        let r = Money.reading
        if input.values.count >= 2,
           let a = input.values[0].value, let pa = input.values[0].previous,
           let b = input.values[1].value, let pb = input.values[1].previous {
            let (na, nb) = (input.values[0].expression, input.values[1].expression)
            if expression.hasPrefix("crosses_above("), pa <= pb, a > b {
                return "\(na) crossed above \(nb) (\(r(a)) > \(r(b)), previous bar \(r(pa)) ≤ \(r(pb)))"
            }
            if expression.hasPrefix("crosses_below("), pa >= pb, a < b {
                return "\(na) crossed below \(nb) (\(r(a)) < \(r(b)), previous bar \(r(pa)) ≥ \(r(pb)))"
            }
        }
        let seen = input.values.map { "\($0.expression) = \(r($0.value))" }
        let values = seen.isEmpty ? "" : " (\(seen.joined(separator: ", ")))"
        return "rule \(input.ruleId) (\(expression)) was true\(values)"
    }

    private static func allPassed(_ input: AdvisorInput) -> String {
        guard !input.checks.isEmpty else { return "No policy checks applied." }
        let count = input.checks.count
        var text = count == 1 ? "The 1 policy check passed" : "All \(count) policy checks passed"
        if let threshold = input.checks.first(where: { $0.id == BuiltInLimit.approvalThreshold.id && $0.result == .pass }),
           let value = threshold.value, let limit = threshold.limit, value <= limit, !threshold.message.contains("reduces") {
            text += "; the order of \(Money.text(value)) stayed within the \(Money.text(limit)) approval threshold"
        }
        return text + "."
    }

    /// `max_position_per_symbol failed (position after order $90,583.35 > limit $25,000.00)`,
    /// joined with "and".
    private static func failures(_ checks: [AdvisorInput.Check]) -> String {
        guard !checks.isEmpty else { return "no single check was named" }
        let parts = checks.map { check in
            let verdict = check.result == .error ? "could not be evaluated" : "failed"
            return check.message.isEmpty ? "\(check.id) \(verdict)" : "\(check.id) \(verdict) (\(check.message))"
        }
        if parts.count == 1 { return parts[0] }
        return parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
    }

    /// ` 3 of 5 policy checks passed.`
    private static func tally(_ input: AdvisorInput) -> String {
        let passed = input.checks.filter { $0.result == .pass }.count
        return " \(passed) of \(input.checks.count) policy checks passed."
    }
}
