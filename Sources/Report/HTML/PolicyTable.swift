import Engine
import Policy
import RuleLanguage
import Vocabulary

/// The violations table: every policy rule, what it checks, and how many orders it blocked
/// or sent for approval. Zeros are shown; rules that objected at least once are highlighted.
extension BacktestReport {
    func violationsTable() -> String {
        var out = "<table class=\"violations\"><thead><tr><th>Rule</th><th>Kind</th><th>Checks</th>"
        out += "<th class=\"n\">Blocked</th><th class=\"n\">Needs approval</th></tr></thead><tbody>"
        for v in violations {
            let hit = v.block + v.needsApproval > 0
            let limit = BuiltInLimit(rawValue: v.rule)
            out += hit ? "<tr class=\"hit\">" : "<tr>"
            out += "<td><code>\(HTMLText.escape(v.rule))</code></td><td>\(limit == nil ? CheckKind.rule : .limit)</td>"
            out += "<td>\(limit.map(limitSummary) ?? ruleSummary(v.rule))</td>"
            out += "<td class=\"n\(v.block == 0 ? " zero" : "")\">\(v.block)</td>"
            out += "<td class=\"n\(v.needsApproval == 0 ? " zero" : "")\">\(v.needsApproval)</td></tr>"
        }
        out += "</tbody></table>"
        let hits = violations.filter { $0.block + $0.needsApproval > 0 }.count
        out += "<p class=\"note\">\(orders.count) orders decided: \(count(.filled)) filled, \(count(.blocked)) blocked, "
        out += "\(approvals.phrase), \(count(.unfilled)) unfilled, \(count(.canceled)) canceled. "
        out += hits == 0 ? "No rule objected to any order. " : "Every rule is evaluated for every order, so one order can count under several rules. "
        if approvals.approvedByApproveAll > 0 {
            out += "\(approvals.approvedByApproveAll) orders that needed approval were approved by <code>--approve-all</code> and executed. "
        }
        if approvals.notExecuted > 0 {
            out += "Orders that needed approval were not executed; <code>--approve-all</code> shows the result without that guard."
        }
        return out + "</p>"
    }

    /// Escaped HTML describing one built-in limit in plain words.
    private func limitSummary(_ limit: BuiltInLimit) -> String {
        let limits = result.policy.limits
        let unset = "<span class=\"zero\">not set</span>"
        switch limit {
        case .maxPositionPerSymbol:
            switch limits.maxPositionPerSymbol?.value {
            case .notional(let n)?: return "each symbol’s position at most \(HTMLText.escape(Money.text(n, cents: false)))"
            case .percentOfEquity(let p)?: return "each symbol’s position at most \(HTMLText.escape(Money.number(p)))% of equity"
            case nil: return unset
            }
        case .maxGrossNotional:
            return limits.maxGrossNotional.map { "all positions together at most \(HTMLText.escape(Money.text($0.value, cents: false)))" } ?? unset
        case .dailyMaxDrawdown:
            return limits.dailyMaxDrawdownPercent.map { "blocks new risk once the day’s loss reaches \(HTMLText.escape(Money.number($0.value)))%" } ?? unset
        case .approvalThreshold:
            return limits.approvalThresholdNotional.map { "orders above \(HTMLText.escape(Money.text($0.value, cents: false))) need approval" } ?? unset
        case .maxShortNotional:
            return limits.maxShortNotional.map { "each symbol short at most \(HTMLText.escape(Money.text($0.value, cents: false)))" }
                ?? "<span class=\"zero\">not set: shorting is off</span>"
        }
    }

    /// Escaped HTML describing one user rule in plain words.
    private func ruleSummary(_ id: String) -> String {
        guard let rule = result.policy.rules.first(where: { $0.id == id }) else { return "" }
        return "when <code>\(HTMLText.escape(rule.expressionText))</code> → \(HTMLText.escape(rule.outcome.rawValue)): "
            + HTMLText.escape(rule.reason)
    }
}
