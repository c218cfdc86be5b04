import Vocabulary

/// Reads a schema-checked strategy tree into a `CheckedStrategy`, adding the checks a
/// schema cannot express: expressions, duplicate ids, size vs action, params, warnings.
struct StrategyChecker {
    let root: YAMLNode
    let file: String
    let knownSymbols: Set<String>?
    var diagnostics: [Diagnostic] = []
    /// Where the schema's E013 is replaced by the checker's own (`action: hold`).
    private(set) var replacedSchemaFindings: Set<SourceSpan> = []

    /// True when the schema already found an error: the checks across rules then stay quiet,
    /// as what buys and what sells may be a consequence of that error.
    let schemaFailed: Bool

    init(root: YAMLNode, file: String, knownSymbols: Set<String>?, schemaFailed: Bool = false) {
        self.root = root
        self.file = file
        self.knownSymbols = knownSymbols
        self.schemaFailed = schemaFailed
    }

    mutating func check() -> CheckedStrategy? {
        let params = readParams()
        var values = Dictionary(params.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        // Params whose value is not a number were reported by the schema; using them in an
        // expression must not add "unknown name" on top.
        for entry in root["params"]?.entries ?? [] where values[entry.key] == nil { values[entry.key] = .nan }
        checkSymbols()
        let timeframe = root.stringValue("timeframe")?.0
        let dailyBars = (timeframe ?? "1Day") == "1Day"
            ? "this strategy's timeframe is 1Day\(timeframe == nil ? " (the default when timeframe: is not given)" : "")" : nil
        var rules: [CheckedStrategy.Rule] = []
        var asWritten: [StrategyReview.Rule] = []
        var used: Set<String> = []
        var allParsed = true
        var seenIDs: [String: SourceSpan] = [:]
        let strategyExits = readExits(root.entry("exits"), params: values, dailyBars: dailyBars, used: &used)
        for item in root["rules"]?.items ?? [] {
            guard let (id, idNode) = item.stringValue("id") else { continue }
            if let first = seenIDs[id] {
                diagnostics.append(Diagnostic(.duplicateRuleID, "rule id '\(id)' is used twice", at: idNode.span,
                    help: "give each rule its own id", notes: [Diagnostic.Note("first used here", span: first)]))
            } else {
                seenIDs[id] = idNode.span
            }
            let actionWord = item.stringValue("action")
            let action = actionWord.flatMap { Action(rawValue: $0.0) }
            let (size, percent) = checkSize(item, action: action)
            let when = item.stringValue("when")
            var result = ConditionChecker.Result(condition: nil, usedParams: [], parsed: true)
            if let (text, whenNode) = when {
                result = ConditionChecker.check(whenNode, text: text, kind: .strategy, params: values, dailyBars: dailyBars,
                                                diagnostics: &diagnostics)
            }
            used.formUnion(result.usedParams)
            allParsed = allParsed && result.parsed
            asWritten.append(StrategyReview.Rule(id: id, actionWord: actionWord.map { ($0.0, $0.1) }, action: action,
                                               when: when.map { ($0.0, $0.1) }, written: result.written,
                                               condition: result.condition, percent: percent))
            checkExitsBelongToBuy(item, action: action)
            let order = readOrder(item, ruleID: id, params: values, dailyBars: dailyBars, used: &used)
            let ownExits = readExits(item.entry("exits"), params: values, dailyBars: dailyBars, used: &used)
            guard let (text, whenNode) = when, let condition = result.condition, let action else { continue }
            checkBuyReadsEntry(whenNode, written: result.written, condition: condition, action: action, ruleID: id)
            checkReferenceSymbols(whenNode, written: result.written)
            if ConditionChecker.neverTrue(condition) {
                diagnostics.append(Diagnostic(.ruleNeverFires, "rule '\(id)' can never fire: its condition is never true",
                    at: whenNode.span, help: "check the comparison; a value compared with itself never differs"))
            } else if ConditionChecker.alwaysTrue(condition) {
                diagnostics.append(Diagnostic(.ruleAlwaysFires, "rule '\(id)' fires on every bar: its condition is always true",
                    at: whenNode.span, help: "this would \(action.rawValue) on every bar; compare values that change, e.g. close > sma(close, 20)"))
            }
            rules.append(CheckedStrategy.Rule(id: id, location: ConditionChecker.location(of: whenNode), expressionText: text,
                                              condition: condition, action: action, size: action.closesAll ? nil : size,
                                              order: order, exits: action.side.opens ? ownExits ?? strategyExits : nil,
                                              written: result.written))
        }
        let review = StrategyReview(rules: asWritten, symbols: root["symbols"]?.items?.compactMap(\.string) ?? [], params: values,
                                    paramSpans: Dictionary(params.map { ($0.name, $0.span) }, uniquingKeysWith: { a, _ in a }),
                                    dailyBars: dailyBars)
        let complete = !schemaFailed && !diagnostics.hasErrors && asWritten.count == (root["rules"]?.items?.count ?? -1)
        let reviewed = review.diagnostics(complete: complete)
        // `action: hold` gets the review's E013 with the rewrite, in place of the schema's.
        replacedSchemaFindings = Set(reviewed.filter { $0.code == .valueNotAllowed }.map(\.span))
        diagnostics += reviewed
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
                               timeframe: timeframe ?? "1Day",
                               params: params.map { CheckedStrategy.Param(name: $0.name, value: $0.value) }, rules: rules,
                               exits: strategyExits)
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

    private mutating func checkSize(_ item: YAMLNode, action: Action?)
        -> (size: CheckedStrategy.Size?, percent: (value: Double, node: YAMLNode)?) {
        let sizeEntry = item.entry("size")
        guard let action else { return (nil, nil) }
        if action.closesAll {
            if let sizeEntry {
                let (what, part) = action == .sellAll ? ("sells the whole position", "sell") : ("covers the whole short position", "buy_to_cover")
                diagnostics.append(Diagnostic(.sizeMismatch, "\(action.rawValue) \(what), so it takes no size",
                    at: sizeEntry.keySpan, help: "remove size:, or use action: \(part) with a size to \(part == "sell" ? "sell" : "cover") part of the position"))
            }
            return (nil, nil)
        }
        if action.side.positionSide == .short, let entry = sizeEntry?.value.entry("fractional"), entry.value.bool == true {
            diagnostics.append(Diagnostic(.fractionalShort, "\(action.rawValue) trades whole shares: brokers do not short fractions",
                at: entry.keySpan, help: "remove fractional: true (the size is rounded down to whole shares)"))
        }
        guard let sizeEntry else {
            let actionSpan = item["action"]?.span ?? item.span
            diagnostics.append(Diagnostic(.sizeMismatch, "\(action.rawValue) needs a size", at: actionSpan,
                help: "add size: { percent_of_equity: 100 } (or shares: N, or notional: N dollars)"))
            return (nil, nil)
        }
        let size = sizeEntry.value
        let fractional = size["fractional"]?.bool ?? false
        var amounts: [CheckedStrategy.Size.Amount] = []
        let percent = size.numberValue("percent_of_equity")
        if let (p, node) = percent {
            amounts.append(.percentOfEquity(p))
            if p > 100 {
                diagnostics.append(Diagnostic(.leveragedSize, "size is \(Expr.format(p))% of equity, more than you have",
                    at: node.span, help: "above 100 needs borrowed money; backtests never borrow, so fills are capped by cash"))
            }
        }
        if let (s, _) = size.numberValue("shares") { amounts.append(.shares(s)) }
        if let (n, _) = size.numberValue("notional") { amounts.append(.notional(n)) }
        guard amounts.count == 1 else { return (nil, percent.map { ($0.0, $0.1) }) }
        return (CheckedStrategy.Size(amount: amounts[0], fractional: fractional), percent.map { ($0.0, $0.1) })
    }
}
