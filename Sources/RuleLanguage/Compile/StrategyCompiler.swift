/// Checked strategy → `CompiledStrategy`. Numeric sub-expressions become kernels over
/// slots; conditions become postfix programs that refer to slots by number.
public enum StrategyCompiler {
    public static func compile(_ strategy: CheckedStrategy) -> CompiledStrategy {
        let program = self.program(strategy)
        return CompiledStrategy(source: strategy, builder: program.builder, conditions: program.conditions,
                                ruleStart: program.ruleStart, rules: program.rules)
    }

    /// What a compiled strategy is made of, before it is made (a `StrategyTemplate` keeps it).
    struct Program: Sendable {
        var builder = ProgramBuilder()
        var conditions = ConditionEmitter()
        var ruleStart = [0]
        var rules: [CompiledStrategy.RuleInfo] = []
        /// Each rule's observed values as expressions: `rules[i].observed[k].text` is
        /// `observedValues[i][k].text`.
        var observedValues: [[TypedExpr]] = []
    }

    static func program(_ strategy: CheckedStrategy) -> Program {
        var p = Program()
        for rule in strategy.rules {
            p.conditions.emit(rule.condition, &p.builder)
            p.ruleStart.append(p.conditions.ops.count)
            var observed: [CompiledStrategy.Observed] = []
            var values: [TypedExpr] = []
            collectObserved(rule.condition, withPrevious: false, &p.builder, &observed, &values)
            p.rules.append(CompiledStrategy.RuleInfo(
                id: rule.id, action: rule.action, size: rule.size, lookback: rule.lookback, location: rule.location,
                expressionText: rule.expressionText, canonicalText: rule.condition.text, observed: observed,
                order: orderPlan(rule.order, &p.builder), exits: rule.exits.map { exitPlan($0, &p.builder) } ?? .none))
            p.observedValues.append(values)
        }
        return p
    }

    private static func orderPlan(_ order: CheckedStrategy.Order, _ b: inout ProgramBuilder) -> OrderPlan {
        OrderPlan(type: order.type, limitSlot: order.limit.map { b.slot($0.expr) } ?? -1, stopSlot: order.stop.map { b.slot($0.expr) } ?? -1,
                  timeInForce: order.timeInForce, expireBars: order.expireBars ?? 0)
    }

    private static func exitPlan(_ exits: CheckedStrategy.Exits, _ b: inout ProgramBuilder) -> ExitPlan {
        func percent(_ l: CheckedStrategy.Exits.Level?) -> Double {
            if case .percent(let p)? = l { return p }
            return .nan
        }
        func slot(_ l: CheckedStrategy.Exits.Level?, _ b: inout ProgramBuilder) -> Int32 {
            if case .price(let p)? = l { return b.slot(p.expr) }
            return -1
        }
        return ExitPlan(stopPercent: percent(exits.stopLoss), stopSlot: slot(exits.stopLoss, &b), targetPercent: percent(exits.takeProfit),
                        targetSlot: slot(exits.takeProfit, &b), trailingPercent: exits.trailingPercent ?? .nan, maxBars: exits.maxBars ?? 0)
    }

    /// Every non-constant numeric sub-expression, once each: first the values the
    /// condition compares (what an operator asks about), then what those are made of.
    private static func collectObserved(_ e: TypedExpr, withPrevious: Bool, _ b: inout ProgramBuilder,
                                        _ out: inout [CompiledStrategy.Observed], _ values: inout [TypedExpr]) {
        var operands: [(TypedExpr, Bool)] = []
        func gatherOperands(_ e: TypedExpr) {
            switch e {
            case .not, .logic, .compare, .member: e.children.forEach(gatherOperands)
            case .crosses: e.children.forEach { operands.append(($0, true)) }
            default: operands.append((e, false))
            }
        }
        gatherOperands(e)
        func add(_ e: TypedExpr, previous: Bool) {
            switch e {
            case .bool, .number, .text, .orderValue, .orderText, .orderFlag, .not, .logic, .compare, .member, .crosses: return
            default: break
            }
            let text = e.text
            guard !out.contains(where: { $0.text == text }) else { return }
            let slot = b.slot(e)
            out.append(.init(text: text, slot: slot, previous: previous ? b.previous(of: slot) : nil))
            values.append(e)
        }
        for (operand, previous) in operands { add(operand, previous: previous) }
        var queue = operands.map(\.0)
        while !queue.isEmpty {
            let children = queue.flatMap(\.children)
            for child in children { add(child, previous: false) }
            queue = children
        }
    }
}
