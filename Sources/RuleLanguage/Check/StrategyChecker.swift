import Vocabulary

/// Reads a schema-checked strategy tree into a `CheckedStrategy`, adding the checks a
/// schema cannot express: expressions, duplicate ids, size vs action, params, warnings.
struct StrategyChecker {
    let root: YAMLNode
    let file: String
    let knownSymbols: Set<String>?
    private(set) var diagnostics: [Diagnostic] = []

    init(root: YAMLNode, file: String, knownSymbols: Set<String>?) {
        self.root = root
        self.file = file
        self.knownSymbols = knownSymbols
    }

    mutating func check() -> CheckedStrategy? {
        let params = readParams()
        var values = Dictionary(params.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        // Params whose value is not a number were reported by the schema; using them in an
        // expression must not add "unknown name" on top.
        for entry in root["params"]?.entries ?? [] where values[entry.key] == nil { values[entry.key] = .nan }
        checkSymbols()
        var rules: [CheckedStrategy.Rule] = []
        var used: Set<String> = []
        var allParsed = true
        var seenIDs: [String: SourceSpan] = [:]
        for item in root["rules"]?.items ?? [] {
            guard let (id, idNode) = item.stringValue("id") else { continue }
            if let first = seenIDs[id] {
                diagnostics.append(Diagnostic(.duplicateRuleID, "rule id '\(id)' is used twice", at: idNode.span,
                    help: "give each rule its own id", notes: [Diagnostic.Note("first used here", span: first)]))
            } else {
                seenIDs[id] = idNode.span
            }
            let action = item.stringValue("action").flatMap { CheckedStrategy.Action(rawValue: $0.0) }
            let size = checkSize(item, action: action)
            guard let (text, whenNode) = item.stringValue("when") else { continue }
            let result = ConditionChecker.check(whenNode, text: text, kind: .strategy, params: values, diagnostics: &diagnostics)
            used.formUnion(result.usedParams)
            allParsed = allParsed && result.parsed
            guard let condition = result.condition, let action else { continue }
            if ConditionChecker.neverTrue(condition) {
                diagnostics.append(Diagnostic(.ruleNeverFires, "rule '\(id)' can never fire: its condition is never true",
                    at: whenNode.span, help: "check the comparison; a value compared with itself never differs"))
            } else if ConditionChecker.alwaysTrue(condition) {
                diagnostics.append(Diagnostic(.ruleAlwaysFires, "rule '\(id)' fires on every bar: its condition is always true",
                    at: whenNode.span, help: "this would \(action.rawValue) on every bar; compare values that change, e.g. close > sma(close, 20)"))
            }
            rules.append(CheckedStrategy.Rule(id: id, location: ConditionChecker.location(of: whenNode), expressionText: text,
                                              condition: condition, action: action, size: action == .sellAll ? nil : size))
        }
        if allParsed {
            for param in params where !used.contains(param.name) {
                diagnostics.append(Diagnostic(.unusedParam, "param '\(param.name)' is never used", at: param.span,
                    help: "use it in a rule's when: or delete it"))
            }
        }
        guard !diagnostics.hasErrors, let (name, _) = root.stringValue("strategy"),
              let symbols = root["symbols"]?.items?.compactMap(\.string), !rules.isEmpty,
              rules.count == (root["rules"]?.items?.count ?? -1) else { return nil }
        return CheckedStrategy(name: name, description: root.stringValue("description")?.0, file: file, symbols: symbols,
                               timeframe: root.stringValue("timeframe")?.0 ?? "1Day",
                               params: params.map { CheckedStrategy.Param(name: $0.name, value: $0.value) }, rules: rules)
    }

    private mutating func readParams() -> [(name: String, value: Double, span: SourceSpan)] {
        var params: [(String, Double, SourceSpan)] = []
        for entry in root["params"]?.entries ?? [] {
            guard let value = entry.value.number, value.isFinite else { continue }
            if NameTable.reserved.contains(entry.key) {
                diagnostics.append(Diagnostic(.paramShadowsName, "param '\(entry.key)' has the name of a built-in value or function",
                    at: entry.keySpan, help: "rename it, e.g. '\(entry.key)_period'",
                    fixIt: Diagnostic.FixIt(span: entry.keySpan, replacement: "\(entry.key)_period")))
                continue
            }
            params.append((entry.key, value, entry.keySpan))
        }
        return params
    }

    private mutating func checkSymbols() {
        guard let knownSymbols, !knownSymbols.isEmpty else { return }
        for node in root["symbols"]?.items ?? [] {
            // A symbol the schema already rejected (lowercase, spaces) gets no second warning.
            guard let symbol = node.string, !knownSymbols.contains(symbol), symbol == symbol.uppercased(),
                  !symbol.contains(" ") else { continue }
            let guess = Suggestions.closest(to: symbol, in: knownSymbols.sorted())
            diagnostics.append(Diagnostic(.unknownSymbol, "no bundled history for symbol '\(symbol)'", at: node.span,
                help: guess.map { "did you mean '\($0)'? (backtests need data for every symbol)" }
                    ?? "backtests need data: add \(symbol).csv to the data folder or run 'algobot data fetch --symbols \(symbol)'",
                fixIt: guess.map { Diagnostic.FixIt(span: node.span, replacement: $0) }))
        }
    }

    private mutating func checkSize(_ item: YAMLNode, action: CheckedStrategy.Action?) -> CheckedStrategy.Size? {
        let sizeEntry = item.entry("size")
        guard let action else { return nil }
        if action == .sellAll {
            if let sizeEntry {
                diagnostics.append(Diagnostic(.sizeMismatch, "sell_all sells the whole position, so it takes no size",
                    at: sizeEntry.keySpan, help: "remove size:, or use action: sell with a size to sell part of the position"))
            }
            return nil
        }
        guard let sizeEntry else {
            let actionSpan = item["action"]?.span ?? item.span
            diagnostics.append(Diagnostic(.sizeMismatch, "\(action.rawValue) needs a size", at: actionSpan,
                help: "add size: { percent_of_equity: 100 } (or shares: N, or notional: N dollars)"))
            return nil
        }
        let size = sizeEntry.value
        let fractional = size["fractional"]?.bool ?? false
        var amounts: [CheckedStrategy.Size.Amount] = []
        if let (p, node) = size.numberValue("percent_of_equity") {
            amounts.append(.percentOfEquity(p))
            if p > 100 {
                diagnostics.append(Diagnostic(.leveragedSize, "size is \(Expr.format(p))% of equity, more than you have",
                    at: node.span, help: "above 100 needs borrowed money; backtests never borrow, so fills are capped by cash"))
            }
        }
        if let (s, _) = size.numberValue("shares") { amounts.append(.shares(s)) }
        if let (n, _) = size.numberValue("notional") { amounts.append(.notional(n)) }
        guard amounts.count == 1 else { return nil }
        return CheckedStrategy.Size(amount: amounts[0], fractional: fractional)
    }
}
