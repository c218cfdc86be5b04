/// Parses and type-checks one `when:` string, shared by strategy and policy rules.
struct ConditionChecker {
    static let maxLookback = 10_000

    struct Result {
        var condition: TypedExpr?
        var usedParams: Set<String>
        /// False when the text did not even parse (unused-param warnings are then unreliable).
        var parsed: Bool
        /// The type of the checked value.
        var kind: ValueKind? = nil
        /// The expression as written (ranges into the text), for warnings that quote or fix
        /// the user's own words; set when the condition checked.
        var written: Expr? = nil
    }

    /// `parsed` is `text` already parsed (a rule checked again with other params).
    static func check(_ node: YAMLNode, text: String, kind: FileKind, params: [String: Double], dailyBars: String? = nil,
                      parsed: Expr? = nil, diagnostics: inout [Diagnostic]) -> Result {
        checkValue(node, text: text, kind: kind, params: params, dailyBars: dailyBars, condition: true, parsed: parsed,
                   diagnostics: &diagnostics)
    }

    /// Parses and checks an expression; with `condition` it must be true/false (a `when:`),
    /// else it may also be a number or a series (`algobot eval`).
    static func checkValue(_ node: YAMLNode, text: String, kind: FileKind, params: [String: Double], dailyBars: String?,
                           condition: Bool, parsed: Expr? = nil, diagnostics: inout [Diagnostic]) -> Result {
        let expr: Expr
        do {
            expr = try parsed ?? ExprParser.parse(text)
        } catch let failure as Lexer.Failure {
            diagnostics.append(Diagnostic(.expressionSyntax, failure.message,
                                          at: node.span(ofOffset: failure.offset, length: failure.length), help: failure.help))
            return Result(condition: nil, usedParams: [], parsed: false)
        } catch {
            diagnostics.append(Diagnostic(.expressionSyntax, "cannot read this expression", at: node.span))
            return Result(condition: nil, usedParams: [], parsed: false)
        }
        var checker = ExpressionChecker(kind: kind, params: params, node: node, dailyBars: dailyBars)
        let typed = checker.check(expr)
        diagnostics += checker.diagnostics
        guard let typed else { return Result(condition: nil, usedParams: checker.usedParams, parsed: true) }
        if condition && typed.kind != .bool {
            let example = kind == .strategy ? "close > \(typed.expr.text)" : "\(typed.expr.text) > 0"
            diagnostics.append(Diagnostic(.typeMismatch, "a condition must be true or false, but this is \(typed.kind.words)",
                                          at: checker.span(expr.range),
                                          help: typed.kind.isNumeric ? "compare it with something, e.g. \(example)" : nil))
            return Result(condition: nil, usedParams: checker.usedParams, parsed: true)
        }
        if !typed.kind.isNumeric && typed.kind != .bool {
            diagnostics.append(Diagnostic(.typeMismatch, "this is \(typed.kind.words), but a value here is a number, a series or a condition",
                                          at: checker.span(expr.range), help: "e.g. sma(close, 20), or a comparison like close > open"))
            return Result(condition: nil, usedParams: checker.usedParams, parsed: true)
        }
        if typed.expr.lookback > maxLookback {
            diagnostics.append(Diagnostic(.lookbackTooLong,
                "this condition needs \(typed.expr.lookback) bars of history before it can be evaluated; the limit is \(maxLookback)",
                at: checker.span(expr.range), help: "use shorter periods"))
            return Result(condition: nil, usedParams: checker.usedParams, parsed: true)
        }
        return Result(condition: typed.expr, usedParams: checker.usedParams, parsed: true, kind: typed.kind, written: expr)
    }

    /// Conditions that can be proven never true: constant false, `x > x`, crosses of a
    /// series with itself, or an `and` with such a part.
    static func neverTrue(_ e: TypedExpr) -> Bool {
        switch e {
        case .bool(false): return true
        case .crosses(_, let a, let b): return a == b
        case .compare(let op, let a, let b): return a == b && (op == .less || op == .greater || op == .notEqual)
        case .logic(.and, let a, let b): return neverTrue(a) || neverTrue(b)
        case .logic(.or, let a, let b): return neverTrue(a) && neverTrue(b)
        case .member(_, let items): return items.isEmpty
        default: return false
        }
    }

    static func alwaysTrue(_ e: TypedExpr) -> Bool {
        switch e {
        case .bool(true): return true
        case .compare(let op, let a, let b): return a == b && (op == .lessEqual || op == .greaterEqual || op == .equal)
        case .logic(.or, let a, let b): return alwaysTrue(a) || alwaysTrue(b)
        case .logic(.and, let a, let b): return alwaysTrue(a) && alwaysTrue(b)
        default: return false
        }
    }

    /// Where a rule's expression starts, for `file:line:col` in audit records.
    static func location(of node: YAMLNode) -> SourceSpan {
        guard let start = node.contentStart else { return node.span }
        return SourceSpan(file: node.span.file, start: start, end: node.span.end)
    }
}
