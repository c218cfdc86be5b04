import Vocabulary

/// Function calls and history indexes.
extension ExpressionChecker {
    mutating func checkCall(_ name: String, _ args: [Expr], _ expr: Expr) -> Typed? {
        let nameRange = expr.range.lowerBound..<(expr.range.lowerBound + name.unicodeScalars.count)
        guard NameTable.functions(in: kind).contains(name) else {
            // `rsi(close, 14)` in a policy: the whole call is the mistake, not also its `close`.
            if !NameTable.functions(in: NameTable.otherKind(of: kind)).contains(name) {
                for arg in args { _ = check(arg) }
            }
            reportUnknownFunction(name, nameRange)
            return nil
        }
        if let indicator = Indicator(rawValue: name) { return checkIndicator(indicator, args, expr) }
        if let band = Band(rawValue: name) { return checkBand(band, args, expr) }
        if let line = MACDLine(rawValue: name) { return checkMACD(line, args, expr) }
        if let indicator = BarIndicator(rawValue: name) { return checkBarIndicator(indicator, args, expr) }
        switch name {
        case "abs":
            guard arity(name, args, expected: 1, expr), let x = numeric(args[0], for: name) else { return nil }
            if case .number(let n) = x.expr { return Typed(expr: .number(Swift.abs(n)), kind: .constant) }
            return Typed(expr: .abs(x.expr), kind: x.kind)
        case "min", "max":
            guard args.count >= 2 else {
                report(.wrongArgumentCount, "\(name) needs at least 2 values, got \(args.count)", expr.range,
                       help: "write \(name)(a, b) or \(name)(a, b, c)")
                for arg in args { _ = check(arg) }
                return nil
            }
            let checked = args.map { numeric($0, for: name) }
            guard var result = checked.first ?? nil, !checked.contains(where: { $0 == nil }) else { return nil }
            let op: TypedExpr.ArithmeticOp = name == "min" ? .min : .max
            for next in checked.dropFirst() {
                let next = next!
                if case .number(let a) = result.expr, case .number(let b) = next.expr {
                    result = Typed(expr: .number(op == .min ? Swift.min(a, b) : Swift.max(a, b)), kind: .constant)
                } else {
                    result = Typed(expr: .arithmetic(op, result.expr, next.expr), kind: ValueKind.combine(result.kind, next.kind))
                }
            }
            return result
        case "crosses_above", "crosses_below":
            guard arity(name, args, expected: 2, expr) else { return nil }
            let a = numeric(args[0], for: name), b = numeric(args[1], for: name)
            guard let a, let b else { return nil }
            if a.kind != .series && b.kind != .series {
                report(.typeMismatch, "\(name) compares values that change over time, but both sides are fixed numbers", expr.range,
                       help: "give it at least one series, e.g. \(name)(close, sma(close, 20))")
                return nil
            }
            return Typed(expr: .crosses(name == "crosses_above" ? .above : .below, a.expr, b.expr), kind: .bool)
        default:
            return nil
        }
    }

    private mutating func reportUnknownFunction(_ name: String, _ range: Range<Int>) {
        let other = NameTable.otherKind(of: kind)
        if NameTable.functions(in: other).contains(name) {
            report(.notAvailableHere, "'\(name)' is not available in \(kind.rawValue) files", range,
                   help: kind == .policy
                       ? "conditions on prices belong in the strategy's when: (add this one to the buy rule there); policy rules "
                           + "see one order at a time, with no price history, and can use \(Suggestions.list(NameTable.policyFunctions, conjunction: "and"))"
                       : "use it in a policy file")
        } else if NameTable.lookup(name, in: kind) != nil || (kind == .strategy && params[name] != nil) {
            report(.unknownFunction, "'\(name)' is a value, not a function", range,
                   help: "for an earlier bar write \(name)[1]; to compare write e.g. \(name) > 0")
        } else if let guess = Suggestions.closest(to: name, in: NameTable.functions(in: kind)) {
            report(.unknownFunction, "unknown function '\(name)'", range, help: "did you mean '\(guess)'?", fix: guess)
        } else {
            report(.unknownFunction, "unknown function '\(name)'", range,
                   help: "available functions: \(Suggestions.list(NameTable.functions(in: kind), conjunction: "and"))")
        }
    }

    mutating func arity(_ name: String, _ args: [Expr], expected: Int, _ expr: Expr, help: String? = nil) -> Bool {
        guard args.count == expected else {
            report(.wrongArgumentCount,
                   "\(name) takes \(expected) argument\(expected == 1 ? "" : "s") (\(Self.signature(name))), got \(args.count)",
                   expr.range, help: help ?? "write \(name)(\(Self.signature(name)))")
            for arg in args { _ = check(arg) }
            return false
        }
        return true
    }

    /// Any number: fixed, series or order value.
    mutating func numeric(_ arg: Expr, for function: String) -> Typed? {
        guard let typed = check(arg) else { return nil }
        guard typed.kind.isNumeric else {
            report(.typeMismatch, "\(function) needs a number here, not \(typed.kind.words)", arg.range)
            return nil
        }
        return typed
    }

    /// A value with history, for indicators and `[n]`.
    mutating func numericSeries(_ arg: Expr, for function: String) -> Typed? {
        guard let typed = check(arg) else { return nil }
        guard typed.kind == .series else {
            report(.typeMismatch, "\(function) needs a series such as close, not \(typed.kind.words)", arg.range,
                   help: "e.g. \(function)(close, 20)")
            return nil
        }
        return typed
    }

    mutating func checkIndex(_ base: Expr, _ index: Expr, _ expr: Expr) -> Typed? {
        guard kind == .strategy else {
            report(.notAvailableHere, "history like x[1] is not available in policy files", expr.range,
                   help: "policy rules judge one order at a time; compare current values instead")
            return nil
        }
        let typedBase = check(base)
        let n = constantWholeNumber(index, min: 0, max: Self.maxPeriod, code: .badHistoryIndex, what: "the number of bars back")
        guard let typedBase, let n else { return nil }
        guard typedBase.kind == .series else {
            report(.typeMismatch, "only a series has earlier values; this is \(typedBase.kind.words)", base.range,
                   help: "write e.g. close[1] for the previous bar's close")
            return nil
        }
        if n == 0 { return typedBase }
        return Typed(expr: .lag(typedBase.expr, n), kind: .series)
    }
}
