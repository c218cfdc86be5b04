/// Checked strategy → `CompiledStrategy`. Numeric sub-expressions become kernels over
/// slots; conditions become small closures that capture only slot numbers.
public enum StrategyCompiler {
    public static func compile(_ strategy: CheckedStrategy) -> CompiledStrategy {
        var builder = ProgramBuilder()
        var conditions: [CompiledStrategy.Condition] = []
        var rules: [CompiledStrategy.RuleInfo] = []
        for rule in strategy.rules {
            conditions.append(condition(rule.condition, &builder))
            var observed: [CompiledStrategy.Observed] = []
            collectObserved(rule.condition, withPrevious: false, &builder, &observed)
            rules.append(CompiledStrategy.RuleInfo(
                id: rule.id, action: rule.action, size: rule.size, lookback: rule.lookback, location: rule.location,
                expressionText: rule.expressionText, canonicalText: rule.condition.text, observed: observed))
        }
        return CompiledStrategy(source: strategy, builder: builder, conditions: conditions, rules: rules)
    }

    static func condition(_ e: TypedExpr, _ b: inout ProgramBuilder) -> CompiledStrategy.Condition {
        switch e {
        case .bool(let value):
            return { _ in value }
        case .not(let x):
            let c = condition(x, &b)
            return { r in !c(r) }
        case .logic(let op, let x, let y):
            let cx = condition(x, &b), cy = condition(y, &b)
            if op == .and { return { r in cx(r) && cy(r) } }
            return { r in cx(r) || cy(r) }
        case .crosses(let direction, let x, let y):
            let sx = Int(b.slot(x)), sy = Int(b.slot(y))
            let px = Int(b.previous(of: Int32(sx))), py = Int(b.previous(of: Int32(sy)))
            if direction == .above { return { r in r[px] <= r[py] && r[sx] > r[sy] } }
            return { r in r[px] >= r[py] && r[sx] < r[sy] }
        case .compare(let op, let x, let y) where isBool(x):
            let cx = condition(x, &b), cy = condition(y, &b)
            if op == .equal { return { r in cx(r) == cy(r) } }
            return { r in cx(r) != cy(r) }
        case .compare(let op, let x, let y):
            let sx = Int(b.slot(x)), sy = Int(b.slot(y))
            switch op {
            case .less: return { r in r[sx] < r[sy] }
            case .lessEqual: return { r in r[sx] <= r[sy] }
            case .greater: return { r in r[sx] > r[sy] }
            case .greaterEqual: return { r in r[sx] >= r[sy] }
            case .equal: return { r in r[sx] == r[sy] }
            case .notEqual: return { r in r[sx] != r[sy] }
            }
        case .member(let x, let items):
            let sx = Int(b.slot(x))
            let values = items.compactMap { item -> Double? in if case .number(let n) = item { return n } else { return nil } }
            return { r in values.contains(r[sx]) }
        default:
            preconditionFailure("not a condition: \(e.text)")
        }
    }

    private static func isBool(_ e: TypedExpr) -> Bool {
        switch e {
        case .bool, .not, .logic, .crosses, .compare, .member, .orderFlag: return true
        default: return false
        }
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
