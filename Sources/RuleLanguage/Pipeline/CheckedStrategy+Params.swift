import Vocabulary

/// Other values for a strategy's params: `algobot backtest --params` and each combination of
/// `algobot sweep`. Every rule's condition is checked again where it stands in its file with
/// the new values (the same checker as `algobot lint`), so a period of 0 or 2.5 is the same
/// located error it would be if written in the file.
extension CheckedStrategy {
    /// The strategy with `params` over its own. A name the strategy does not declare under
    /// `params:` is an error with a did-you-mean; `source` is what the diagnostics quote.
    public func with(params: [(name: String, value: Double)], source: SourceFile?) throws -> CheckedStrategy {
        guard !params.isEmpty else { return self }
        var values = Dictionary(self.params.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (name, value) in params {
            guard values[name] != nil else { throw ParamOverrideError(message: unknownParam(name)) }
            guard value.isFinite else { throw ParamOverrideError(message: "param '\(name)' must be a finite number") }
            values[name] = value
        }
        let dailyBars = timeframe == "1Day" ? "this strategy's timeframe is 1Day" : nil
        var diagnostics: [Diagnostic] = []
        var checked: [Rule] = []
        checked.reserveCapacity(rules.count)
        for rule in rules {
            let text = rule.expressionText
            let node = YAMLNode(.string(text), span: SourceSpan(file: rule.location.file, start: rule.location.start, end: rule.location.start),
                                text: text, contentStart: rule.location.start)
            let result = ConditionChecker.check(node, text: text, kind: .strategy, params: values, dailyBars: dailyBars,
                                                parsed: rule.written, diagnostics: &diagnostics)
            guard let condition = result.condition else { continue }
            let recheck = { (price: Price) in Self.recheck(price, params: values, dailyBars: dailyBars, diagnostics: &diagnostics) }
            let order = Order(type: rule.order.type, limit: rule.order.limit.flatMap(recheck), stop: rule.order.stop.flatMap(recheck),
                              timeInForce: rule.order.timeInForce, expireBars: rule.order.expireBars, location: rule.order.location)
            checked.append(Rule(id: rule.id, location: rule.location, expressionText: text, condition: condition,
                                action: rule.action, size: rule.size, order: order, exits: rule.exits.map { rechecked($0, recheck) },
                                written: result.written))
        }
        if diagnostics.hasErrors || checked.count != rules.count {
            let renderer = DiagnosticRenderer(sources: source.map { [$0] } ?? [])
            let shown = params.map { "\($0.name)=\(Expr.format($0.value))" }.joined(separator: ",")
            throw ParamOverrideError(message: "with params \(shown):\n"
                + diagnostics.filter { $0.severity == .error }.sorted(by: Diagnostic.ordered).map { renderer.text($0) }.joined(separator: "\n"))
        }
        return CheckedStrategy(name: name, description: description, file: file, symbols: symbols, timeframe: timeframe,
                               params: self.params.map { Param(name: $0.name, value: values[$0.name] ?? $0.value) }, rules: checked,
                               exits: exits)
    }

    /// A price expression checked again where it stands with the new values.
    private static func recheck(_ price: Price, params: [String: Double], dailyBars: String?,
                                diagnostics: inout [Diagnostic]) -> Price? {
        let at = price.location
        let node = YAMLNode(.string(price.text), span: SourceSpan(file: at.file, start: at.start, end: at.start),
                            text: price.text, contentStart: at.start)
        var used: Set<String> = []
        return StrategyChecker.checkPrice(node, text: price.text, params: params, dailyBars: dailyBars, location: at,
                                          diagnostics: &diagnostics, used: &used)
    }

    private func rechecked(_ exits: Exits, _ price: (Price) -> Price?) -> Exits {
        func level(_ l: Exits.Level?) -> Exits.Level? {
            guard case .price(let p)? = l else { return l }
            return price(p).map { .price($0) }
        }
        var result = Exits(stopLoss: level(exits.stopLoss), takeProfit: level(exits.takeProfit),
                           trailingPercent: exits.trailingPercent, maxBars: exits.maxBars)
        result.location = exits.location
        return result
    }

    /// "has no param 'fsat'; did you mean 'fast'?" (or the list of its params).
    public func unknownParam(_ name: String) -> String {
        let names = params.map(\.name)
        let hint = Suggestions.closest(to: name, in: names).map { "did you mean '\($0)'?" }
            ?? (names.isEmpty ? "it has no params: add '\(name): VALUE' under params: in the file"
                : "its params: \(names.joined(separator: ", "))")
        return "\(file) has no param '\(name)'; \(hint)"
    }
}

/// Params that do not fit the strategy (an unknown name, or a value its rules cannot take).
public struct ParamOverrideError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
