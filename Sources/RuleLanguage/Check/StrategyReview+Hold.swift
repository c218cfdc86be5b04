import Vocabulary

/// `action: hold` (or `wait`, `skip`, `none`): there is no such action, because a bar on which
/// no rule fires already does nothing. What such a rule means is "do not buy when this is
/// true", which is the buy rule's condition with the opposite added; the help writes it out.
extension StrategyReview {
    static let holdWords: Set<String> = ["hold", "wait", "skip", "none", "nothing"]

    func holdActions() -> [Diagnostic] {
        let buys = rules.filter { $0.action == .buy }
        var found: [Diagnostic] = []
        for rule in rules {
            guard rule.action == nil, let (word, node) = rule.actionWord, Self.holdWords.contains(word) else { continue }
            let allowed = Suggestions.list(Action.allCases.map(\.rawValue))
            var help = "there is no '\(word)' action (allowed: \(allowed)): on a bar where no rule fires, nothing is done; "
            if let condition = rule.when?.text, let opposite = Self.opposite(of: rule), let buy = buys.first {
                help += buys.count == 1
                    ? "to keep '\(buy.id)' from buying when \(condition), write its when: \(Self.adding(opposite, to: buy))"
                    : "to keep the buy rules from buying when \(condition), add 'and \(opposite)' to the when: of \(Self.ids(buys))"
                help += ", and delete rule '\(rule.id)'"
            } else {
                help += "to keep a buy from happening, add the opposite of this rule's condition to the buy rule's when: with 'and', "
                    + "and delete this rule"
            }
            found.append(Diagnostic(.valueNotAllowed, "'\(word)' is not an allowed value for 'action' in rule '\(rule.id)'",
                                    at: node.span, help: help))
        }
        return found
    }

    /// The rule's condition turned round, in its own words: `rsi(close, 14) > 70` becomes
    /// `rsi(close, 14) <= 70`, `not (x)` becomes `x`, anything else `not (…)`. Without
    /// `range`, the whole condition; with it, the condition less the `and` part at `range`.
    static func opposite(of rule: Rule, leaving range: Range<Int>? = nil) -> String? {
        guard let written = rule.written else { return nil }
        guard let range else { return opposite(written, in: rule) }
        let kept = conjuncts(written).filter { $0.range != range }
        guard kept.count > 1 else { return kept.first.map { opposite($0, in: rule) } }
        return "not (\(kept.map { rule.text($0.range) }.joined(separator: " and ")))"
    }

    private static func opposite(_ expr: Expr, in rule: Rule) -> String {
        // Parentheses around the whole change nothing: the kind is what the condition means.
        switch expr.kind {
        case .binary(let op, let a, let b):
            if let turned = inverse[op] { return "\(rule.text(a.range)) \(turned) \(rule.text(b.range))" }
        case .unary("not", let x):
            // `not (a > b)` gives `a > b`; `not (a or b)` keeps its parentheses for the `and`.
            if case .binary(let op, let a, let b) = x.kind, op != "or", x.range.lowerBound < a.range.lowerBound {
                return rule.text(a.range.lowerBound..<b.range.upperBound)
            }
            return rule.text(x.range)
        default:
            break
        }
        let text = rule.text(expr.range)
        return text.hasPrefix("(") && text.hasSuffix(")") ? "not \(text)" : "not (\(text))"
    }

    /// The parts of an `and` chain, in order.
    static func conjuncts(_ expr: Expr) -> [Expr] {
        if case .binary("and", let a, let b) = expr.kind { return conjuncts(a) + conjuncts(b) }
        return [expr]
    }

    private static let inverse = ["<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="]
}
