import Vocabulary

/// The checks that read a strategy's rules together rather than one at a time: averages
/// crossed the wrong way round (W007), buys that add up to more than the cash (W008), rules
/// that wait for a position nothing opens or sell one that cannot exist (W009, W002), and
/// `action: hold` (E013 with the rewrite that does what was meant). They run after every
/// rule was checked on its own, and quote the user's own words in their fixes.
struct StrategyReview {
    /// One rule as written, with what checking it gave.
    struct Rule {
        let id: String
        /// The action word as written (also a wrong one such as `hold`) and its node.
        let actionWord: (text: String, node: YAMLNode)?
        /// Nil when the word is not an action.
        let action: Action?
        let when: (text: String, node: YAMLNode)?
        /// The condition as written and as checked; nil when it did not check.
        let written: Expr?
        let condition: TypedExpr?
        /// `percent_of_equity` of the size, and its value's node.
        let percent: (value: Double, node: YAMLNode)?

        /// The characters of the condition at `range`, as written.
        func text(_ range: Range<Int>) -> String {
            guard let scalars = when.map({ Array($0.text.unicodeScalars) }) else { return "" }
            let lower = min(max(range.lowerBound, 0), scalars.count), upper = min(max(range.upperBound, lower), scalars.count)
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[lower..<upper])
            return String(out)
        }

        /// Where `range` of the condition is in the file.
        func span(_ range: Range<Int>) -> SourceSpan? {
            when.map { $0.node.span(ofOffset: range.lowerBound, length: range.count) }
        }

        /// A replacement for `range` of the condition, when its characters map onto the file.
        func fixIt(_ range: Range<Int>, _ replacement: String) -> Diagnostic.FixIt? {
            guard let node = when?.node, node.contentStart != nil, let span = span(range) else { return nil }
            return Diagnostic.FixIt(span: span, replacement: replacement)
        }
    }

    let rules: [Rule]
    let symbols: [String]
    /// Params by name, with the span of each name (NaN for a value the schema rejected).
    let params: [String: Double]
    let paramSpans: [String: SourceSpan]
    let dailyBars: String?

    /// Every finding, in the order the checks run; the linter sorts them by place. Unless the
    /// file is `complete` (every rule read, no error so far), what buys and what sells may be
    /// a consequence of an error already reported, so only `hold` is looked at.
    func diagnostics(complete: Bool) -> [Diagnostic] {
        var found = holdActions()
        guard complete, rules.allSatisfy({ $0.action != nil && $0.condition != nil }) else { return found }
        found += crossings()
        found += buyingPower()
        found += positionNeeds()
        return found
    }

    /// The checked value of a piece of `rule`'s condition (its periods, its series).
    func value(_ expr: Expr, in rule: Rule) -> TypedExpr? {
        guard let node = rule.when?.node else { return nil }
        var checker = ExpressionChecker(kind: .strategy, params: params, node: node, dailyBars: dailyBars)
        return checker.check(expr)?.expr
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`: rule ids in a sentence.
    static func ids(_ rules: [Rule]) -> String {
        Suggestions.list(rules.map { "'\($0.id)'" }, conjunction: "and")
    }

    /// `when` with `clause` added by `and`, in parentheses where `or` would otherwise bind it
    /// to a part only.
    static func adding(_ clause: String, to rule: Rule) -> String {
        guard let text = rule.when?.text.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return clause }
        // A parenthesized `(a or b)` keeps its kind but its range starts at the parenthesis.
        if let written = rule.written, case .binary("or", let a, let b) = written.kind,
           written.range.lowerBound == a.range.lowerBound, written.range.upperBound == b.range.upperBound {
            return "(\(text)) and \(clause)"
        }
        return "\(text) and \(clause)"
    }
}
