import Vocabulary

/// `order:` and `exits:` (strategy level and per rule): what the schema cannot say. Prices
/// are number expressions checked like conditions; an order type needs the prices it reads
/// and takes no others; `expire_bars` only bounds a `gtc` order; exits belong to buys; a take
/// profit at or below the stop is suspicious.
extension StrategyChecker {
    /// The rule's `order:`, or market when it has none (or the schema rejected it).
    mutating func readOrder(_ item: YAMLNode, ruleID: String, params: [String: Double], dailyBars: String?,
                            used: inout Set<String>) -> CheckedStrategy.Order {
        guard let node = item["order"], node.entries != nil else { return .market }
        let type = node.stringValue("type").flatMap { OrderType(rawValue: $0.0) } ?? .market
        guard OrderType.entryTypes.contains(type) else { return .market }
        let tif = node.stringValue("time_in_force").flatMap { TimeInForce(rawValue: $0.0) } ?? .day
        let subject = "rule '\(ruleID)' › order"
        for (key, needed) in [("limit", type.needsLimitPrice), ("stop", type.needsStopPrice)] {
            if needed && node[key] == nil {
                let at = node.entry("type")?.keySpan ?? item.entry("order")?.keySpan ?? node.span
                let example = key == "limit" ? "limit: \"close * 0.99\"" : "stop: \"highest(high, 20)\""
                diagnostics.append(Diagnostic(.orderPricesMismatch, "a \(type.phrase) order needs a \(key) price (\(subject))", at: at,
                    help: "add \(example) to the order, or use another type"))
            } else if !needed, let entry = node.entry(key) {
                diagnostics.append(Diagnostic(.orderPricesMismatch, "a \(type.phrase) order has no \(key) price (\(subject))",
                    at: entry.keySpan, help: type == .market
                        ? "add type: \(key == "limit" ? "limit" : "stop") to use the price, or remove \(key):"
                        : "remove \(key):, or use type: stop_limit for an order with both prices"))
            }
        }
        if let entry = node.entry("expire_bars"), tif != .gtc {
            diagnostics.append(Diagnostic(.orderPricesMismatch, "expire_bars bounds a gtc order, but this one is day (\(subject))",
                at: entry.keySpan, help: "add time_in_force: gtc, or remove expire_bars: (a day order lives for the next session only)"))
        }
        let limit = type.needsLimitPrice ? readPrice(node, "limit", params: params, dailyBars: dailyBars, used: &used) : nil
        let stop = type.needsStopPrice ? readPrice(node, "stop", params: params, dailyBars: dailyBars, used: &used) : nil
        let expire = tif == .gtc ? node.numberValue("expire_bars").flatMap { Int(exactly: $0.0) } : nil
        return CheckedStrategy.Order(type: type, limit: limit, stop: stop, timeInForce: tif, expireBars: expire,
                                     location: item.entry("order")?.keySpan)
    }

    /// An `exits:` mapping (the strategy's or a rule's), or nil when absent or rejected.
    mutating func readExits(_ entry: YAMLEntry?, params: [String: Double], dailyBars: String?,
                            used: inout Set<String>) -> CheckedStrategy.Exits? {
        guard let entry, entry.value.entries != nil else { return nil }
        let node = entry.value
        var exits = CheckedStrategy.Exits()
        exits.location = entry.keySpan
        exits.stopLoss = readLevel(node["stop_loss"], params: params, dailyBars: dailyBars, used: &used)
        exits.takeProfit = readLevel(node["take_profit"], params: params, dailyBars: dailyBars, used: &used)
        exits.trailingPercent = node["trailing_stop"]?.numberValue("percent").map(\.0)
        exits.maxBars = node.numberValue("max_bars").flatMap { Int(exactly: $0.0) }
        if case .price(let stop)? = exits.stopLoss, case .price(let target)? = exits.takeProfit,
           case .number(let s) = stop.expr, case .number(let t) = target.expr, t <= s, let targetNode = node["take_profit"] {
            diagnostics.append(Diagnostic(.takeProfitBelowStop,
                "the take profit (\(Expr.format(t))) is \(t == s ? "at" : "below") the stop loss (\(Expr.format(s)))",
                at: targetNode.span, help: "for a long position the take profit sits above the entry and the stop below it; "
                    + "swap the two prices, or use percent levels: take_profit: { percent: 10 }"))
        }
        return exits.isEmpty ? nil : exits
    }

    private mutating func readLevel(_ node: YAMLNode?, params: [String: Double], dailyBars: String?,
                                    used: inout Set<String>) -> CheckedStrategy.Exits.Level? {
        guard let node, node.entries != nil else { return nil }
        if let (p, _) = node.numberValue("percent") { return p > 0 && p < 100 ? .percent(p) : nil }
        return readPrice(node, "price", params: params, dailyBars: dailyBars, used: &used).map { .price($0) }
    }

    /// A price under `key`: a number, or an expression that must be a number (not a condition).
    private mutating func readPrice(_ owner: YAMLNode, _ key: String, params: [String: Double], dailyBars: String?,
                                    used: inout Set<String>) -> CheckedStrategy.Price? {
        guard let node = owner[key] else { return nil }
        let location = ConditionChecker.location(of: node)
        if let n = node.number, n.isFinite {
            return CheckedStrategy.Price(expr: .number(n), text: node.text ?? Expr.format(n), location: location)
        }
        guard let text = node.string else { return nil }
        return Self.checkPrice(node, text: text, params: params, dailyBars: dailyBars, location: location,
                               diagnostics: &diagnostics, used: &used)
    }

    /// Checks a price expression; shared with `--params` re-checks.
    static func checkPrice(_ node: YAMLNode, text: String, params: [String: Double], dailyBars: String?, location: SourceSpan,
                           diagnostics: inout [Diagnostic], used: inout Set<String>) -> CheckedStrategy.Price? {
        let result = ConditionChecker.checkValue(node, text: text, kind: .strategy, params: params, dailyBars: dailyBars,
                                                 condition: false, diagnostics: &diagnostics)
        used.formUnion(result.usedParams)
        guard let expr = result.condition, let kind = result.kind else { return nil }
        guard kind.isNumeric else {
            diagnostics.append(Diagnostic(.typeMismatch, "a price must be a number, but this is \(kind.words)", at: node.span,
                help: "write a number or a number expression, like close * 0.98 or lowest(low, 10)"))
            return nil
        }
        return CheckedStrategy.Price(expr: expr, text: text, location: location)
    }

    /// Exits on a rule that does not open a position (buy, sell_short): nothing for them to protect.
    mutating func checkExitsBelongToBuy(_ item: YAMLNode, action: Action?) {
        guard let action, !action.side.opens, let entry = item.entry("exits") else { return }
        diagnostics.append(Diagnostic(.exitsOnSell, "exits protect the position a buy (or sell_short) opens, but this rule is \(action.rawValue)",
            at: entry.keySpan, help: "move exits: to the buy rule (or to the top of the file, for every buy rule)"))
    }

    /// A buy rule whose condition reads the position's entry values: without a position they
    /// have no value, so the comparison is false whenever the rule would open one.
    mutating func checkBuyReadsEntry(_ whenNode: YAMLNode, written: Expr?, condition: TypedExpr, action: Action, ruleID: String) {
        guard action == .buy, condition.readsEntry else { return }
        var span = whenNode.span
        var name = "entry_price"
        if let written, let (found, range) = Self.firstEntryName(written) {
            name = found
            if whenNode.contentStart != nil { span = whenNode.span(ofOffset: range.lowerBound, length: range.count) }
        }
        diagnostics.append(Diagnostic(.entryValueInBuy,
            "buy rule '\(ruleID)' reads \(name), which has no value without a position, so this part is false while flat",
            at: span, help: "entry values describe an open position: use them in sell rules, or protect the position with "
                + "exits: { stop_loss: { percent: 5 } }"))
    }

    private static func firstEntryName(_ e: Expr) -> (String, Range<Int>)? {
        switch e.kind {
        case .name(let n) where EntryValue.allCases.contains { $0.name == n }: return (n, e.range)
        case .call(_, let args): return args.lazy.compactMap(firstEntryName).first
        case .index(let base, let index): return firstEntryName(base) ?? firstEntryName(index)
        case .unary(_, let x): return firstEntryName(x)
        case .binary(_, let a, let b): return firstEntryName(a) ?? firstEntryName(b)
        case .list(let items): return items.lazy.compactMap(firstEntryName).first
        default: return nil
        }
    }

    /// W005 for `SPY.close` when the bundled data has no SPY, at the name in the condition,
    /// as for a symbol under `symbols:` (the run then stops with a located error).
    mutating func checkReferenceSymbols(_ whenNode: YAMLNode, written: Expr?) {
        guard let knownSymbols, !knownSymbols.isEmpty, let written else { return }
        var seen: Set<String> = []
        for (name, range) in Self.dottedNames(written) {
            guard let dot = name.lastIndex(of: ".") else { continue }
            let symbol = String(name[..<dot])
            guard ExpressionChecker.looksLikeSymbol(symbol), !knownSymbols.contains(symbol), seen.insert(symbol).inserted else { continue }
            let span = whenNode.contentStart != nil ? whenNode.span(ofOffset: range.lowerBound, length: symbol.count) : whenNode.span
            let guess = Suggestions.closest(to: symbol, in: knownSymbols.sorted())
            diagnostics.append(Diagnostic(.unknownSymbol, "no bundled history for symbol '\(symbol)', read by \(name)", at: span,
                help: guess.map { "did you mean '\($0)'? (backtests need data for every symbol a condition reads)" }
                    ?? "backtests need data: add \(symbol).csv to the data folder or run 'algobot data fetch --symbols \(symbol)'",
                fixIt: guess.flatMap { whenNode.contentStart == nil ? nil : Diagnostic.FixIt(span: span, replacement: $0) }))
        }
    }

    /// Every `SYMBOL.field` name of an expression, in order.
    private static func dottedNames(_ e: Expr) -> [(String, Range<Int>)] {
        switch e.kind {
        case .name(let n) where n.contains("."): return [(n, e.range)]
        case .call(_, let args), .list(let args): return args.flatMap(dottedNames)
        case .index(let base, let index): return dottedNames(base) + dottedNames(index)
        case .unary(_, let x): return dottedNames(x)
        case .binary(_, let a, let b): return dottedNames(a) + dottedNames(b)
        default: return []
        }
    }
}
