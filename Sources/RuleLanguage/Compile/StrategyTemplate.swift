/// One compile for every combination of a sweep that has the same shape. A combination's
/// params reach the compiled program in many places (each stateful kernel's period, first
/// bar, state and where that state lies, the constants' slots, the rules' warm-ups, the
/// observed values' texts, the columns' keys), and two expressions that become equal under
/// some values (`fast = slow`) share a slot. So the template compiles the strategy with each
/// distinct number written as its class (1, 2, 3, … in the order `classify` meets them):
/// two strategies have the same shape when their expressions are the same apart from their
/// numbers and the same numbers are equal in both. For such a strategy (`compile`) the
/// template's program is renumbered with its values — by the builder's own placing of
/// kernels and the expressions' own warm-ups and texts — and everything that reads slots
/// only (the ops, the block plan) is taken as it is. Another shape gets nil: the caller
/// compiles it in full (`SweepCompiler` keeps a template per shape it meets).
package struct StrategyTemplate: Sendable {
    /// Each rule's pieces (`pieces`) with its numbers written as classes.
    private let pieces: [[TypedExpr]]
    private let source: [CheckedStrategy.Rule]
    private let program: StrategyCompiler.Program
    private let plan: BlockPlan

    /// The template of `strategy`'s shape; nil when one of its numbers is not finite or is
    /// −0 (their texts and equalities do not follow their values), or when it reads another
    /// symbol (`templates(_:)` says so before).
    package init?(_ strategy: CheckedStrategy) {
        guard Self.templates(strategy) else { return nil }
        var classes: [Double] = []
        var pieces: [[TypedExpr]] = []
        for rule in strategy.rules {
            var written: [TypedExpr] = []
            for piece in Self.pieces(of: rule) {
                guard let e = Self.classify(piece, &classes) else { return nil }
                written.append(e)
            }
            pieces.append(written)
        }
        let rules = zip(strategy.rules, pieces).map { Self.rule($0, with: $1) }
        let classed = CheckedStrategy(name: strategy.name, description: strategy.description, file: strategy.file,
                                      symbols: strategy.symbols, timeframe: strategy.timeframe, params: strategy.params,
                                      rules: rules, exits: strategy.exits)
        program = StrategyCompiler.program(classed)
        plan = CompiledStrategy(source: classed, builder: program.builder, conditions: program.conditions,
                                ruleStart: program.ruleStart, rules: program.rules).plan
        self.pieces = pieces
        source = strategy.rules
    }

    /// False for a strategy no template can stand for: one that reads another symbol
    /// (`sma(SPY.close, n)` is an input column made before the run, not a kernel).
    package static func templates(_ strategy: CheckedStrategy) -> Bool {
        strategy.rules.allSatisfy { rule in pieces(of: rule).allSatisfy { $0.referenceSymbols.isEmpty } }
    }

    /// `strategy` compiled, exactly as `StrategyCompiler.compile` compiles it, when it has
    /// this template's shape; else nil.
    package func compile(_ strategy: CheckedStrategy) -> CompiledStrategy? {
        guard strategy.rules.count == pieces.count else { return nil }
        var values: [Double] = []
        for (i, rule) in strategy.rules.enumerated() {
            guard Self.sameOrders(rule, source[i]) else { return nil }
            for (k, piece) in Self.pieces(of: rule).enumerated() {
                guard Self.fit(piece, pieces[i][k], &values) else { return nil }
            }
        }
        let numbers = Renumbering(values: values)
        var conditions = program.conditions
        for k in conditions.constants.indices { conditions.constants[k] = numbers.double(conditions.constants[k]) }
        var rules: [CompiledStrategy.RuleInfo] = []
        rules.reserveCapacity(pieces.count)
        for (i, rule) in strategy.rules.enumerated() {
            let info = program.rules[i]
            var observed: [CompiledStrategy.Observed] = []
            observed.reserveCapacity(info.observed.count)
            for (k, o) in info.observed.enumerated() {
                let text = program.observedValues[i][k].text(numbers)
                // The compiler keeps one of each text; the template's were distinct, and so
                // must these be.
                guard !observed.contains(where: { $0.text == text }) else { return nil }
                observed.append(.init(text: text, slot: o.slot, previous: o.previous))
            }
            rules.append(CompiledStrategy.RuleInfo(
                id: rule.id, action: rule.action, size: rule.size, lookback: rule.lookback, location: rule.location,
                expressionText: rule.expressionText, canonicalText: rule.condition.text, observed: observed,
                order: info.order, exits: info.exits))
        }
        return CompiledStrategy(source: strategy, builder: program.builder.renumbered(numbers), conditions: conditions,
                                ruleStart: program.ruleStart, rules: rules, plan: plan)
    }

    /// What the compiler reads of a rule, in a fixed order; `.bool(false)` where a price
    /// is not written (no price is true/false, so it never fits one that is).
    private static func pieces(of rule: CheckedStrategy.Rule) -> [TypedExpr] {
        func price(_ level: CheckedStrategy.Exits.Level?) -> TypedExpr {
            if case .price(let p)? = level { return p.expr }
            return .bool(false)
        }
        return [rule.condition, rule.order.limit?.expr ?? .bool(false), rule.order.stop?.expr ?? .bool(false),
                price(rule.exits?.stopLoss), price(rule.exits?.takeProfit)]
    }

    /// The rule with its pieces replaced by `pieces` (the same shape, other numbers).
    private static func rule(_ rule: CheckedStrategy.Rule, with pieces: [TypedExpr]) -> CheckedStrategy.Rule {
        func price(_ p: CheckedStrategy.Price?, _ e: TypedExpr) -> CheckedStrategy.Price? {
            p.map { CheckedStrategy.Price(expr: e, text: $0.text, location: $0.location) }
        }
        func level(_ l: CheckedStrategy.Exits.Level?, _ e: TypedExpr) -> CheckedStrategy.Exits.Level? {
            guard case .price(let p)? = l else { return l }
            return .price(CheckedStrategy.Price(expr: e, text: p.text, location: p.location))
        }
        let o = rule.order
        var order = CheckedStrategy.Order(type: o.type, limit: price(o.limit, pieces[1]), stop: price(o.stop, pieces[2]),
                                          timeInForce: o.timeInForce, expireBars: o.expireBars)
        order.location = o.location
        let exits = rule.exits.map { x -> CheckedStrategy.Exits in
            var e = CheckedStrategy.Exits(stopLoss: level(x.stopLoss, pieces[3]), takeProfit: level(x.takeProfit, pieces[4]),
                                          trailingPercent: x.trailingPercent, maxBars: x.maxBars)
            e.location = x.location
            return e
        }
        return CheckedStrategy.Rule(id: rule.id, location: rule.location, expressionText: rule.expressionText,
                                    condition: pieces[0], action: rule.action, size: rule.size, order: order, exits: exits,
                                    written: rule.written)
    }

    /// The order and exit settings the compiled rule takes from the template (its order
    /// type and life, its exits' percentages and time limit) are this rule's too.
    private static func sameOrders(_ a: CheckedStrategy.Rule, _ b: CheckedStrategy.Rule) -> Bool {
        func percent(_ l: CheckedStrategy.Exits.Level?) -> Double? {
            if case .percent(let p)? = l { return p }
            return nil
        }
        guard a.order.type == b.order.type, a.order.timeInForce == b.order.timeInForce, a.order.expireBars == b.order.expireBars,
              (a.exits == nil) == (b.exits == nil) else { return false }
        guard let x = a.exits, let y = b.exits else { return true }
        return percent(x.stopLoss) == percent(y.stopLoss) && percent(x.takeProfit) == percent(y.takeProfit)
            && x.trailingPercent == y.trailingPercent && x.maxBars == y.maxBars
    }
}
