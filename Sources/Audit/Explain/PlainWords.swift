import Foundation
import Vocabulary

/// The sentences of an explanation: short, concrete, with the numbers in them.
enum PlainWords {
    /// `24`, `$5,000.00 of`, `all`.
    static func size(_ order: DecidedOrder) -> String {
        if let qty = order.qty { return Money.quantity(qty) }
        if let notional = order.notional { return Money.text(notional) + " of" }
        return "all"
    }

    /// `Buy 24 shares of SPY at about $401.23 a share (about $9,629.52).`
    static func order(_ order: DecidedOrder, symbol: String) -> String {
        let verb = order.side.verb
        let price = Money.text(order.price)
        if let qty = order.qty {
            let shares = qty == 1 ? "share" : "shares"
            let all = order.action.closesAll ? "all " : ""
            return "\(verb) \(all)\(Money.quantity(qty)) \(shares) of \(symbol) at about \(price) a share "
                + "(about \(Money.text(qty * order.price)))."
        }
        if let notional = order.notional {
            return "\(verb) \(Money.text(notional)) of \(symbol) at about \(price) a share "
                + "(about \(Money.quantity((notional / order.price * 100).rounded() / 100)) shares)."
        }
        return "\(verb) all shares of \(symbol) at about \(price) a share."
    }

    /// `position after order $9,980.00 ≤ limit $25,000.00 — pass`
    static func check(_ check: PolicyCheck) -> String {
        var statement = check.message
        if statement.isEmpty {
            var parts = check.values.map { "\($0.name) = \($0.text ?? Money.reading($0.value))" }
            if let limit = check.limit { parts.append("limit \(Money.reading(limit))") }
            statement = parts.isEmpty ? check.id : parts.joined(separator: ", ")
        }
        return "\(statement) — \(verdict(check))"
    }

    private static func verdict(_ check: PolicyCheck) -> String {
        switch check.result {
        case .pass: return CheckStatus.pass.rawValue
        case .error: return "could not be checked, so it blocks the order (fail closed)"
        case .fail:
            switch check.outcome {
            case .block: return "FAIL, blocks the order"
            case .needsApproval: return "FAIL, needs a person's approval"
            case .allow: return "fail (\(check.outcome))"
            }
        }
    }

    static func approval(_ a: ApprovalRecord) -> String {
        let by = a.by.map { " by \($0)" } ?? ""
        let note = a.note.map { " — \"\($0)\"" } ?? ""
        switch a.action {
        case .queued:
            return "queued for a person's approval" + (a.note.map { " (\($0))" } ?? "")
        case .approved:
            return "approved\(by)\(note); the policy was checked again at approval and allows it"
        case .recheckBlocked:
            let failed = (a.recheck ?? []).filter { $0.result != .pass }.map(\.message).filter { !$0.isEmpty }
            let why = failed.isEmpty ? "" : ": " + failed.joined(separator: "; ")
            if a.by == ApprovalQueue.runtimeActor {
                return "the policy checked again just before sending said \(a.recheckOutcome ?? .block)"
                    + (failed.isEmpty ? a.note.map { " (\($0))" } ?? "" : why) + "; not sent"
            }
            return "approved\(by)\(note), but the policy checked again at approval said "
                + "\(a.recheckOutcome ?? .block)\(why); not sent"
        case .rejected:
            return "rejected\(by)" + (a.note.map { " — reason: \"\($0)\"" } ?? "")
        case .expired:
            return "the approval expired" + (a.note.map { " (\($0))" } ?? "")
        }
    }

    /// The order's approval state, for the headline.
    static func approvalStatus(_ event: ApprovalEvent) -> String {
        let by = event.by.map { " by \($0)" } ?? ""
        switch event.action {
        case .queued: return "waiting for approval"
        case .approved: return "approved\(by)"
        case .rejected: return "rejected\(by)"
        case .expired: return "approval expired"
        case .recheckBlocked:
            return event.by == ApprovalQueue.runtimeActor ? "approved but blocked by the re-check before sending"
                                                          : "approved\(by) but blocked by the re-check"
        }
    }

    /// Broker status words.
    static func status(_ status: String) -> String {
        switch status {
        case "new", "accepted": return "accepted by the broker"
        case "partially_filled": return "partly filled"
        case "filled": return "filled"
        case "canceled": return "canceled"
        case "expired": return "expired at the broker"
        case "rejected": return "rejected by the broker"
        case "unfilled": return "not filled (the backtest ended first)"
        case "submit_failed": return "could not be submitted"
        default: return status.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// For `crosses_above(a, b)` / `crosses_below(a, b)` whose first two observed values are
    /// `a` and `b` with their previous-bar values: the cross with both bars' numbers. Only
    /// said when the numbers really show that cross.
    static func crossing(_ rule: FiredRule) -> String? {
        let expression = rule.expression.trimmingCharacters(in: .whitespaces)
        let above = expression.hasPrefix("crosses_above(")
        guard above || expression.hasPrefix("crosses_below("), rule.values.count >= 2,
              let a = rule.values[0].value, let pa = rule.values[0].previous,
              let b = rule.values[1].value, let pb = rule.values[1].previous
        else { return nil }
        let (na, nb) = (rule.values[0].expression, rule.values[1].expression)
        let t = Money.distinguishing([pa, pb, a, b])
        if above, pa <= pb, a > b {
            return "\(na) crossed above \(nb): on the previous bar \(t[0]) ≤ \(t[1]), on this bar \(t[2]) > \(t[3])."
        }
        if !above, pa >= pb, a < b {
            return "\(na) crossed below \(nb): on the previous bar \(t[0]) ≥ \(t[1]), on this bar \(t[2]) < \(t[3])."
        }
        return nil
    }
}
