/// Rules that wait for a position that cannot exist. A strategy starts with no shares, only
/// a buy opens a position, and a sell with nothing held makes no order. So a sell rule in a
/// strategy without a buy rule, or one that fires only while flat, never sells (W009); a buy
/// rule that needs shares, when no buy rule opens a position, never fires (W002). Only what
/// the conditions say outright counts: `position == 0` and `position > 0` (or
/// `position_value`), through `and`, `or` and `not`.
extension StrategyReview {
    /// The part of a condition that needs no shares held, and the part that needs some.
    struct PositionNeed {
        var flat: Range<Int>?
        var holding: Range<Int>?
        /// `position` or `position_value`, when the flat part is one plain comparison.
        var flatValue: String?
    }

    func positionNeeds() -> [Diagnostic] {
        var found: [Diagnostic] = []
        let needs = rules.map { rule in rule.written.map { need(of: $0, in: rule) } ?? PositionNeed() }
        // Rules already reported as never true (W002) open nothing and sell nothing.
        var impossible = Set(rules.indices.filter { rules[$0].condition.map(ConditionChecker.neverTrue) ?? true })
        for (i, rule) in rules.enumerated() where !impossible.contains(i) {
            guard let flat = needs[i].flat, let holding = needs[i].holding, let span = rule.when?.node.span else { continue }
            impossible.insert(i)
            found.append(Diagnostic(.ruleNeverFires,
                "rule '\(rule.id)' can never fire: it needs \(rule.text(flat)) and \(rule.text(holding)) at once", at: span,
                help: "a position is either 0 or more than 0; keep one of the two"))
        }
        let buys = rules.indices.filter { rules[$0].action == .buy && !impossible.contains($0) }
        // Sells of a long; shorts open from flat, so their rules are neither.
        let sells = rules.indices.filter { (rules[$0].action == .sell || rules[$0].action == .sellAll) && !impossible.contains($0) }
        let openers = buys.filter { needs[$0].holding == nil }
        if !buys.isEmpty, openers.isEmpty {
            for i in buys {
                guard let holding = needs[i].holding, let span = rules[i].span(holding) else { continue }
                found.append(Diagnostic(.ruleNeverFires,
                    "rule '\(rules[i].id)' never fires in a backtest: it needs \(rules[i].text(holding)), and no rule opens a position",
                    at: span, help: "a backtest starts with no shares and only a buy adds some: add a buy rule without this "
                        + "condition (e.g. when: position == 0 and ...), or remove \(rules[i].text(holding)) here"))
            }
            return found
        }
        // A buy rule that can never fire was reported as such; the sells are not a second mistake.
        if !rules.contains(where: { $0.action == .buy }), let first = sells.first, let node = rules[first].actionWord?.node {
            let named = Self.ids(sells.map { rules[$0] })
            found.append(Diagnostic(.nothingToSell,
                "no rule buys, so \(named) \(sells.count == 1 ? "has" : "have") nothing to sell: a backtest starts with no shares",
                at: node.span, help: "add a rule with action: buy and a size, e.g. size: { percent_of_equity: 100 }; as written, "
                    + "only shares already held at the broker when a paper run starts can be sold"))
            return found
        }
        for i in sells {
            guard let flat = needs[i].flat, let span = rules[i].span(flat) else { continue }
            let rule = rules[i], value = needs[i].flatValue ?? AccountValue.position.name
            var help = "a sell needs shares: write \(value) > 0"
            let buysBelow = buys.filter { $0 > i }.map { rules[$0] }
            if let buy = buysBelow.first, buysBelow.count == 1, let opposite = Self.opposite(of: rule, leaving: flat) {
                help += "; if this rule is there to keep '\(buy.id)' from buying, write that rule's when: "
                    + "\(Self.adding(opposite, to: buy)) and delete this one"
            }
            found.append(Diagnostic(.nothingToSell,
                "rule '\(rule.id)' never sells anything: it fires only when \(rule.text(flat)), when there is nothing to sell",
                at: span, help: help, fixIt: needs[i].flatValue.flatMap { rule.fixIt(flat, "\($0) > 0") }))
        }
        return found
    }

    /// What `expr` needs of the position; `negated` under an odd number of `not`s.
    func need(of expr: Expr, in rule: Rule, negated: Bool = false) -> PositionNeed {
        switch expr.kind {
        case .binary(let op, let a, let b) where op == "and" || op == "or":
            let x = need(of: a, in: rule, negated: negated), y = need(of: b, in: rule, negated: negated)
            // not (a and b) is (not a) or (not b): under `not` the two swap.
            if (op == "and") != negated {
                return PositionNeed(flat: x.flat ?? y.flat, holding: x.holding ?? y.holding,
                                    flatValue: x.flat != nil ? x.flatValue : y.flatValue)
            }
            return PositionNeed(flat: x.flat != nil && y.flat != nil ? expr.range : nil,
                                holding: x.holding != nil && y.holding != nil ? expr.range : nil)
        case .unary("not", let x):
            let inner = need(of: x, in: rule, negated: !negated)
            return PositionNeed(flat: inner.flat.map { _ in expr.range }, holding: inner.holding.map { _ in expr.range })
        case .binary(let op, let a, let b):
            return comparison(op, a, b, in: rule, negated: negated, range: expr.range)
        default:
            return PositionNeed()
        }
    }

    private func comparison(_ op: String, _ a: Expr, _ b: Expr, in rule: Rule, negated: Bool, range: Range<Int>) -> PositionNeed {
        let heldValues = [AccountValue.position.name, AccountValue.positionValue.name]
        guard Self.negated[op] != nil else { return PositionNeed() }
        var op = op
        let name: String, limit: Expr
        if case .name(let n) = a.kind, heldValues.contains(n) {
            (name, limit) = (n, b)
        } else if case .name(let n) = b.kind, heldValues.contains(n) {
            (name, limit) = (n, a)
            guard let mirrored = Self.mirrored[op] else { return PositionNeed() }
            op = mirrored
        } else {
            return PositionNeed()
        }
        if negated {
            guard let turned = Self.negated[op] else { return PositionNeed() }
            op = turned
        }
        guard case .number(let c)? = value(limit, in: rule) else { return PositionNeed() }
        // Positions are never short, so the value is 0 or more.
        let flat = (op == "==" || op == "<=") && c == 0
        let holding = (op == ">" && c >= 0) || (op == ">=" && c > 0) || (op == "!=" && c == 0)
        return PositionNeed(flat: flat ? range : nil, holding: holding ? range : nil, flatValue: flat && !negated ? name : nil)
    }

    private static let mirrored = ["<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="]
    private static let negated = ["<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="]
}
