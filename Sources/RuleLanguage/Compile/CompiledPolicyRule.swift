import Vocabulary

/// A user policy rule as closures over `PolicyInputs`. Evaluation is tri-state: a rule
/// that reads a missing number (NaN) answers nil, which the policy treats as block.
package struct CompiledPolicyRule: Sendable {
    package let source: CheckedPolicy.Rule
    /// Copied out of `source` so judging an order reads no text.
    package let outcome: Outcome
    /// The order values the rule reads, for the decision record.
    package let reads: [String]
    private let evaluate: @Sendable (PolicyInputs) -> Bool?
    /// The rule as one comparison of an order value with a number (`price < 5`), when it is
    /// only that: the policy can then judge it from its own figures, with no `PolicyInputs`.
    package let comparison: Comparison?

    /// `value op number` (or `number op value`): the same answer as the rule's closure.
    package struct Comparison: Sendable {
        package let value: OrderValue
        @usableFromInline let op: TypedExpr.CompareOp
        @usableFromInline let number: Double
        /// The number is on the left (`5 > price`).
        @usableFromInline let numberFirst: Bool

        /// true: fires; false: passes; nil: the value is missing (NaN), which blocks.
        /// Inlined into the policy (another module), which judges every order with it.
        @inlinable @inline(always)
        package func fires(_ x: Double) -> Bool? {
            numberFirst ? CompiledPolicyRule.compare(op, number, x) : CompiledPolicyRule.compare(op, x, number)
        }
    }

    package init(_ rule: CheckedPolicy.Rule) {
        source = rule
        outcome = rule.outcome
        evaluate = Self.condition(rule.condition)
        // The shapes `condition` compiles to a single comparison of a value with a number.
        switch rule.condition {
        case .compare(let op, .orderValue(let v), .number(let k)): comparison = Comparison(value: v, op: op, number: k, numberFirst: false)
        case .compare(let op, .number(let k), .orderValue(let v)): comparison = Comparison(value: v, op: op, number: k, numberFirst: true)
        default: comparison = nil
        }
        var names: [String] = []
        Self.collectReads(rule.condition, into: &names)
        reads = names
    }

    /// true: the rule fires (its outcome applies); false: it passes; nil: cannot evaluate.
    package func fires(_ inputs: PolicyInputs) -> Bool? { evaluate(inputs) }

    /// The condition itself, for callers that keep it apart from the rule's texts.
    package var condition: @Sendable (PolicyInputs) -> Bool? { evaluate }

    private typealias Number = @Sendable (PolicyInputs) -> Double
    private typealias Condition = @Sendable (PolicyInputs) -> Bool?

    private static func condition(_ e: TypedExpr) -> Condition {
        switch e {
        case .bool(let b): return { _ in b }
        case .orderFlag: return { $0.reducesPosition }
        case .not(let x):
            let c = condition(x)
            return { i in c(i).map { !$0 } }
        case .logic(let op, let x, let y):
            let cx = condition(x), cy = condition(y)
            return { i in
                guard let a = cx(i), let b = cy(i) else { return nil }
                return op == .and ? a && b : a || b
            }
        case .compare(let op, .orderText(let t), let y), .compare(let op, let y, .orderText(let t)):
            let literal: String
            if case .text(let s) = y { literal = s } else { literal = "" }
            return { i in op == .equal ? i.text(t) == literal : i.text(t) != literal }
        case .compare(let op, let x, let y) where isCondition(x):
            let cx = condition(x), cy = condition(y)
            return { i in
                guard let a = cx(i), let b = cy(i) else { return nil }
                return op == .equal ? a == b : a != b
            }
        case .compare(let op, .orderValue(let v), .number(let k)):
            // The common shape (`price < 5`): one closure, no calls inside it.
            return { i in compare(op, i.value(v), k) }
        case .compare(let op, .number(let k), .orderValue(let v)):
            return { i in compare(op, k, i.value(v)) }
        case .compare(let op, let x, let y):
            let nx = number(x), ny = number(y)
            return { i in compare(op, nx(i), ny(i)) }
        case .member(.orderText(let t), let items):
            let texts = items.compactMap { item -> String? in if case .text(let s) = item { return s } else { return nil } }
            return { i in texts.contains(i.text(t)) }
        case .member(let x, let items):
            let nx = number(x)
            let values = items.compactMap { item -> Double? in if case .number(let n) = item { return n } else { return nil } }
            return { i in
                let v = nx(i)
                return v.isNaN ? nil : values.contains(v)
            }
        default:
            return { _ in nil }
        }
    }

    /// nil when either side is missing (NaN): the rule cannot be evaluated.
    @inline(__always)
    @inlinable
    static func compare(_ op: TypedExpr.CompareOp, _ a: Double, _ b: Double) -> Bool? {
        guard !a.isNaN, !b.isNaN else { return nil }
        switch op {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        }
    }

    private static func isCondition(_ e: TypedExpr) -> Bool {
        switch e {
        case .bool, .not, .logic, .compare, .member, .orderFlag, .crosses: return true
        default: return false
        }
    }

    private static func number(_ e: TypedExpr) -> Number {
        switch e {
        case .number(let n): return { _ in n }
        case .orderValue(let v): return { $0.value(v) }
        case .negate(let x):
            let nx = number(x)
            return { -nx($0) }
        case .abs(let x):
            let nx = number(x)
            return { Swift.abs(nx($0)) }
        case .arithmetic(let op, let x, let y):
            let nx = number(x), ny = number(y)
            switch op {
            case .add: return { nx($0) + ny($0) }
            case .subtract: return { nx($0) - ny($0) }
            case .multiply: return { nx($0) * ny($0) }
            case .divide: return { nx($0) / ny($0) }
            // Explicit NaN propagation: Swift.min/max may drop a NaN, and a missing value must block.
            case .min: return { let a = nx($0), b = ny($0); return a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
            case .max: return { let a = nx($0), b = ny($0); return a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
            }
        default:
            return { _ in .nan }
        }
    }

    private static func collectReads(_ e: TypedExpr, into names: inout [String]) {
        let name: String?
        switch e {
        case .orderValue(let v): name = v.name
        case .orderText(let t): name = t.name
        case .orderFlag(let f): name = f.name
        default: name = nil
        }
        if let name, !names.contains(name) { names.append(name) }
        for child in e.children { collectReads(child, into: &names) }
    }
}
