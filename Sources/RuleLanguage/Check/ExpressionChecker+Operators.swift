import Vocabulary

/// Unary and binary operators, with constant folding so `fast * 2` is still a number
/// known before the run (usable as a period).
extension ExpressionChecker {
    mutating func checkUnary(_ op: String, _ operand: Expr, _ expr: Expr) -> Typed? {
        guard let x = check(operand) else { return nil }
        if op == "not" {
            guard x.kind == .bool else {
                report(.typeMismatch, "'not' needs true/false, not \(x.kind.words)", operand.range,
                       help: "write a comparison, e.g. not (\(exampleCondition))")
                return nil
            }
            if case .bool(let b) = x.expr { return Typed(expr: .bool(!b), kind: .bool) }
            return Typed(expr: .not(x.expr), kind: .bool)
        }
        guard x.kind.isNumeric else {
            report(.typeMismatch, "'-' needs a number, not \(x.kind.words)", operand.range)
            return nil
        }
        if case .number(let n) = x.expr { return Typed(expr: .number(-n), kind: .constant) }
        return Typed(expr: .negate(x.expr), kind: x.kind)
    }

    mutating func checkBinary(_ op: String, _ left: Expr, _ right: Expr, _ expr: Expr) -> Typed? {
        if op == "in" { return checkMembership(left, right, expr) }
        let a = check(left), b = check(right)
        guard let a, let b else { return nil }
        switch op {
        case "and", "or":
            for (side, range) in [(a, left.range), (b, right.range)] where side.kind != .bool {
                report(.typeMismatch, "'\(op)' joins conditions, but this is \(side.kind.words)", range,
                       help: "make it a comparison, e.g. \(exampleCondition)")
            }
            guard a.kind == .bool, b.kind == .bool else { return nil }
            if case .bool(let x) = a.expr, case .bool(let y) = b.expr {
                return Typed(expr: .bool(op == "and" ? x && y : x || y), kind: .bool)
            }
            return Typed(expr: .logic(op == "and" ? .and : .or, a.expr, b.expr), kind: .bool)
        case "+", "-", "*", "/":
            for (side, range) in [(a, left.range), (b, right.range)] where !side.kind.isNumeric {
                report(.typeMismatch, "'\(op)' needs numbers on both sides, but this is \(side.kind.words)", range)
            }
            guard a.kind.isNumeric, b.kind.isNumeric else { return nil }
            if op == "/", case .number(0) = b.expr {
                report(.divisionByZero, "division by zero", right.range, help: "divide by a number other than 0")
                return nil
            }
            let arithmetic: TypedExpr.ArithmeticOp = [ "+": .add, "-": .subtract, "*": .multiply, "/": .divide ][op]!
            if case .number(let x) = a.expr, case .number(let y) = b.expr {
                let value: Double
                switch arithmetic {
                case .add: value = x + y
                case .subtract: value = x - y
                case .multiply: value = x * y
                default: value = x / y
                }
                return Typed(expr: .number(value), kind: .constant)
            }
            return Typed(expr: .arithmetic(arithmetic, a.expr, b.expr), kind: ValueKind.combine(a.kind, b.kind))
        default:
            return checkComparison(op, a, b, left, right)
        }
    }

    private mutating func checkComparison(_ op: String, _ a: Typed, _ b: Typed, _ left: Expr, _ right: Expr) -> Typed? {
        let compare = TypedExpr.CompareOp(rawValue: op)!
        let sameFamily = (a.kind.isNumeric && b.kind.isNumeric) || a.kind == b.kind
        guard sameFamily, a.kind != .list else {
            report(.typeMismatch, "cannot compare \(a.kind.words) with \(b.kind.words)", left.range.lowerBound..<right.range.upperBound,
                   help: a.kind == .text || b.kind == .text ? "text compares only with text in quotes, e.g. symbol == \"SPY\"" : nil)
            return nil
        }
        if (a.kind == .text || a.kind == .bool), compare != .equal, compare != .notEqual {
            report(.typeMismatch, "\(a.kind.words) can only be compared with == or !=", left.range.lowerBound..<right.range.upperBound)
            return nil
        }
        checkKnownText(a, b, right.range)
        checkKnownText(b, a, left.range)
        if a.expr.isConstant, b.expr.isConstant, let folded = Self.fold(compare, a.expr, b.expr) {
            return Typed(expr: .bool(folded), kind: .bool)
        }
        return Typed(expr: .compare(compare, a.expr, b.expr), kind: .bool)
    }

    private static func fold(_ op: TypedExpr.CompareOp, _ a: TypedExpr, _ b: TypedExpr) -> Bool? {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            case .greaterEqual: return x >= y
            case .equal: return x == y
            case .notEqual: return x != y
            }
        case (.text(let x), .text(let y)): return op == .equal ? x == y : x != y
        case (.bool(let x), .bool(let y)): return op == .equal ? x == y : x != y
        default: return nil
        }
    }

    /// `side == "buyy"` can never be true: say so with the allowed words.
    private mutating func checkKnownText(_ value: Typed, _ literal: Typed, _ literalRange: Range<Int>) {
        guard case .orderText(let field) = value.expr, case .text(let text) = literal.expr else { return }
        let allowed: [String]
        switch field {
        case .side: allowed = Side.allCases.map(\.rawValue)
        case .action: allowed = Action.allCases.map(\.rawValue)
        case .orderType: allowed = OrderType.allCases.map(\.rawValue)
        case .symbol: return
        }
        guard !allowed.contains(text) else { return }
        let guess = Suggestions.closest(to: text, in: allowed)
        report(.valueNotAllowed, "\(field.name) is never \"\(text)\"", literalRange,
               help: guess.map { "did you mean \"\($0)\"?" } ?? "\(field.name) is \(Suggestions.list(allowed.map { "\"\($0)\"" }))",
               fix: guess.map { "\"\($0)\"" })
    }

    private mutating func checkMembership(_ left: Expr, _ right: Expr, _ expr: Expr) -> Typed? {
        let a = check(left)
        guard case .list(let items) = right.kind else {
            _ = check(right)
            report(.typeMismatch, "'in' needs a list in [ ] after it", right.range, help: "write e.g. symbol in [\"SPY\", \"QQQ\"]")
            return nil
        }
        let checked = items.map { ($0, check($0)) }
        guard let a else { return nil }
        var typedItems: [TypedExpr] = []
        for (item, typed) in checked {
            guard let typed else { return nil }
            let fits = (a.kind.isNumeric && typed.kind == .constant) || (a.kind == .text && typed.kind == .text)
            guard fits, typed.expr.isConstant else {
                report(.typeMismatch, "list items must be fixed values of the same kind as \(a.expr.text), not \(typed.kind.words)", item.range)
                return nil
            }
            typedItems.append(typed.expr)
        }
        return Typed(expr: .member(a.expr, typedItems), kind: .bool)
    }
}
