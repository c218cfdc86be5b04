/// An expression typed on the command line (`algobot eval`), checked exactly like a
/// strategy's `when:` (same names, types, periods and messages), except that it may also
/// be a number or a series. Its diagnostics point into the expression, which is quoted as
/// line 1 of a source named `label`.
package struct ExpressionInput: Sendable {
    /// The checked expression; nil when there are errors.
    package let expression: TypedExpr?
    package let diagnostics: [Diagnostic]
    /// Params the expression used (the others given to it were not).
    package let usedParams: Set<String>
    /// What the diagnostics quote.
    package let source: SourceFile
    /// The expression as parsed, when it checked: give it back as `parsed` to check the same
    /// text with other params without parsing it again (`--where` at every grid point).
    package let written: Expr?

    /// Checks `text`. `dailyBars` says why the bars are daily, when they are (then `vwap`
    /// is an error).
    package init(_ text: String, params: [String: Double], dailyBars: String?, label: String = "expression", parsed: Expr? = nil) {
        let location = SourceLocation(line: 1, column: 1)
        let node = YAMLNode(.string(text), span: SourceSpan(file: label, line: 1, column: 1, length: text.unicodeScalars.count),
                            text: text, contentStart: location)
        self.init(text, node: node, params: params, dailyBars: dailyBars, source: SourceFile(path: label, text: text), parsed: parsed)
    }

    /// Checks a rule's condition again where it stands in its file (`at`: where the
    /// expression starts), with other params: `algobot eval --strategy F --rule ID --params`.
    package init(rule: CheckedStrategy.Rule, params: [String: Double], dailyBars: String?, source: SourceFile) {
        let text = rule.expressionText
        let span = SourceSpan(file: rule.location.file, start: rule.location.start, end: rule.location.start)
        let node = YAMLNode(.string(text), span: span, text: text, contentStart: rule.location.start)
        self.init(text, node: node, params: params, dailyBars: dailyBars, source: source)
    }

    private init(_ text: String, node: YAMLNode, params: [String: Double], dailyBars: String?, source: SourceFile, parsed: Expr? = nil) {
        var diagnostics: [Diagnostic] = []
        let result = ConditionChecker.checkValue(node, text: text, kind: .strategy, params: params, dailyBars: dailyBars,
                                                 condition: false, parsed: parsed, diagnostics: &diagnostics)
        expression = diagnostics.hasErrors ? nil : result.condition
        self.diagnostics = diagnostics.sorted(by: Diagnostic.ordered)
        usedParams = result.usedParams
        self.source = source
        written = result.written
    }

    /// The diagnostics as `algobot lint` prints them (with the quoted line and a caret).
    package func render() -> String {
        let renderer = DiagnosticRenderer(sources: [source])
        return diagnostics.map { renderer.text($0) }.joined(separator: "\n")
    }

    /// Why `name` cannot be a param (a built-in name, or not a param name), or nil.
    package static func problem(withParamName name: String) -> String? {
        if NameTable.reserved.contains(name) { return "'\(name)' is the name of a built-in value or function" }
        // The schema's pattern for params: names: ^[a-z_][a-z0-9_]{0,31}$
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || first == "_", allowed, name.count <= 32 else {
            return "'\(name)' is not a param name (up to 32 lowercase letters, digits and _, not starting with a digit)"
        }
        return nil
    }
}

extension TypedExpr {
    /// The operands of a condition's `and`s and `or`s, outermost first, a chain of one
    /// operator taken as one list: for `a and b or c` they are `a and b`, `a`, `b` and `c`.
    /// Empty when the condition has no `and`/`or` at its top.
    package var logicParts: [TypedExpr] {
        guard let top = topLogic else { return [] }
        return top.parts.flatMap { [$0] + $0.logicParts }
    }

    /// The `and` or `or` at the top of a condition and its operands, a chain of that one
    /// operator taken as one list: `a and b or c` is an `or` of `a and b` and `c`. Nil when
    /// the top is not an `and`/`or`.
    package var topLogic: (op: LogicOp, parts: [TypedExpr])? {
        guard case .logic(let op, _, _) = self else { return nil }
        func operands(_ e: TypedExpr) -> [TypedExpr] {
            if case .logic(op, let a, let b) = e { return operands(a) + operands(b) }
            return [e]
        }
        return (op, operands(self))
    }

    /// True/false rather than a number.
    package var isCondition: Bool { ConditionEmitter.isCondition(self) }
}

extension CheckedStrategy {
    /// E040 for every rule that reads sessions (`vwap`) when the bars turn out to be daily
    /// (`dailyBars` says why): `algobot lint` cannot know the data an intraday strategy is run on.
    package func intradayDiagnostics(dailyBars: String) -> [Diagnostic] {
        rules.filter { $0.condition.readsSessions }.map { rule in
            // Point at the first `vwap` of the condition when the text maps onto one line.
            let offset = rule.expressionText.range(of: "vwap").map { rule.expressionText.unicodeScalars.distance(
                from: rule.expressionText.unicodeScalars.startIndex, to: $0.lowerBound) } ?? 0
            let start = rule.location.start
            return Diagnostic(.intradayOnly, "vwap needs intraday bars, but \(dailyBars)",
                              at: SourceSpan(file: rule.location.file, line: start.line, column: start.column + offset, length: 4),
                              help: "run this strategy on intraday bars (--data with a file of minute or hour bars)")
        }
    }
}

extension CheckedStrategy {
    /// Where a condition first reads `symbol` (`SPY.close`): `file:line:col`.
    package func location(ofReference symbol: String) -> String {
        for rule in rules {
            guard let range = rule.expressionText.range(of: symbol + ".") else { continue }
            let offset = rule.expressionText.unicodeScalars.distance(from: rule.expressionText.unicodeScalars.startIndex,
                                                                     to: range.lowerBound)
            let start = rule.location.start
            return "\(file):\(start.line):\(start.column + offset)"
        }
        return file
    }
}
