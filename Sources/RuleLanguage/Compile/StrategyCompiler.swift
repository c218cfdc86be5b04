/// Checked strategy → `CompiledStrategy`. Numeric sub-expressions become kernels over
/// slots; conditions become postfix programs that refer to slots by number.
public enum StrategyCompiler {
    public static func compile(_ strategy: CheckedStrategy) -> CompiledStrategy {
        var builder = ProgramBuilder()
        var conditions = ConditionEmitter()
        var ruleStart = [0]
        var rules: [CompiledStrategy.RuleInfo] = []
        for rule in strategy.rules {
            conditions.emit(rule.condition, &builder)
            ruleStart.append(conditions.ops.count)
            var observed: [CompiledStrategy.Observed] = []
            collectObserved(rule.condition, withPrevious: false, &builder, &observed)
            rules.append(CompiledStrategy.RuleInfo(
                id: rule.id, action: rule.action, size: rule.size, lookback: rule.lookback, location: rule.location,
                expressionText: rule.expressionText, canonicalText: rule.condition.text, observed: observed))
        }
        return CompiledStrategy(source: strategy, builder: builder, conditions: conditions, ruleStart: ruleStart, rules: rules)
    }

    /// Every non-constant numeric sub-expression, outermost first, once each.
    private static func collectObserved(_ e: TypedExpr, withPrevious: Bool, _ b: inout ProgramBuilder,
                                        _ out: inout [CompiledStrategy.Observed]) {
        switch e {
        case .not, .logic, .compare, .member:
            for child in e.children { collectObserved(child, withPrevious: false, &b, &out) }
        case .crosses:
            for child in e.children { collectObserved(child, withPrevious: true, &b, &out) }
        case .bool, .number, .text, .orderValue, .orderText, .orderFlag:
            return
        default:
            let slot = b.slot(e)
            let text = e.text
            if !out.contains(where: { $0.text == text }) {
                out.append(.init(text: text, slot: slot, previous: withPrevious ? b.previous(of: slot) : nil))
            }
            for child in e.children { collectObserved(child, withPrevious: false, &b, &out) }
        }
    }
}
