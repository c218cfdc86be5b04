import Vocabulary

/// Rule coverage in the text report (one line per rule, then the flagged parts) and in
/// `--json` (`coverage`: every rule and part with its counts).
extension BacktestReport {
    /// The text report's lines; empty without coverage.
    var coverageLines: [String] {
        guard let coverage, !coverage.rules.isEmpty else { return [] }
        var lines = ["Rule coverage:"]
        for rule in coverage.rules {
            lines.append("  \(rule.id): \(Self.summary(of: rule))")
        }
        for rule in coverage.rules {
            for part in rule.flaggedParts {
                lines.append("  \(rule.id): \(rule.flag(part)); \(rule.flagReason)")
            }
        }
        return lines
    }

    /// "true on 12 of 5,849 bars, fired 12 times, 12 orders, 10 objected to (10 needed approval)".
    static func summary(of rule: RuleCoverage.Rule) -> String {
        var text = "true on \(n(rule.trueBars)) of \(n(rule.bars)) bars, fired \(n(rule.fired)) \(rule.fired == 1 ? "time" : "times"), "
            + "\(n(rule.orders)) \(rule.orders == 1 ? "order" : "orders")"
        guard rule.objections > 0 else { return text + ", none objected to" }
        var kinds: [String] = []
        if rule.blocked > 0 { kinds.append("\(n(rule.blocked)) blocked") }
        if rule.neededApproval > 0 { kinds.append("\(n(rule.neededApproval)) needed approval") }
        text += ", \(n(rule.objections)) objected to (\(kinds.joined(separator: ", ")))"
        return text
    }

    private static func n(_ count: Int) -> String { Money.grouped(Int64(count)) }

    /// `coverage` in `--json`: null when the report was made without the run's bars.
    var coverageValue: JSONValue {
        guard let coverage else { return .null }
        return .array(coverage.rules.map { rule in
            let flagged = Set(rule.flaggedParts.map(\.text))
            return .object([
                ("rule", .string(rule.id)), ("when", .string(rule.text)),
                ("bars", .int(rule.bars)), ("true_bars", .int(rule.trueBars)),
                ("fired", .int(rule.fired)), ("orders", .int(rule.orders)),
                ("blocked", .int(rule.blocked)), ("needs_approval", .int(rule.neededApproval)),
                ("operator", .string(rule.op)),
                ("parts", .array(rule.parts.map { part in
                    .object([
                        ("when", .string(part.text)), ("true_bars", .int(part.trueBars)),
                        ("deciding_bars", .int(part.decidingBars)),
                        ("flag", flagged.contains(part.text) ? .string(rule.flag(part)) : .null),
                    ])
                })),
            ])
        })
    }
}
