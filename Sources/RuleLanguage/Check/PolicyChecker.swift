import Vocabulary

/// Reads a schema-checked policy tree into a `CheckedPolicy`: the four built-in limits,
/// the user's rules, and warnings about limits that can never matter.
struct PolicyChecker {
    let root: YAMLNode
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(root: YAMLNode, file: String) {
        self.root = root
        self.file = file
    }

    mutating func check() -> CheckedPolicy? {
        let limits = readLimits()
        warnAboutUnreachableLimits(limits)
        var rules: [CheckedPolicy.Rule] = []
        var seenIDs: [String: SourceSpan] = [:]
        for item in root["rules"]?.items ?? [] {
            guard let (id, idNode) = item.stringValue("id") else { continue }
            if BuiltInLimit(rawValue: id) != nil {
                diagnostics.append(Diagnostic(.duplicateRuleID, "'\(id)' is the id of a built-in limit", at: idNode.span,
                    help: "set it under limits:, or give this rule another id"))
            } else if let first = seenIDs[id] {
                diagnostics.append(Diagnostic(.duplicateRuleID, "rule id '\(id)' is used twice", at: idNode.span,
                    help: "give each rule its own id", notes: [Diagnostic.Note("first used here", span: first)]))
            } else {
                seenIDs[id] = idNode.span
            }
            let outcome = item.stringValue("outcome").flatMap { Outcome(rawValue: $0.0) }
            guard let (text, whenNode) = item.stringValue("when") else { continue }
            let result = ConditionChecker.check(whenNode, text: text, kind: .policy, params: [:], diagnostics: &diagnostics)
            guard let condition = result.condition, let outcome, let (reason, _) = item.stringValue("reason") else { continue }
            if outcome == .allow, let outcomeNode = item["outcome"] {
                diagnostics.append(Diagnostic(.ruleNeverFires, "rule '\(id)' can never change a decision: allow is already the outcome when no rule objects",
                    at: outcomeNode.span, help: "use needs_approval or block"))
            } else if ConditionChecker.neverTrue(condition) {
                diagnostics.append(Diagnostic(.ruleNeverFires, "rule '\(id)' can never fire: its condition is never true", at: whenNode.span))
            } else if ConditionChecker.alwaysTrue(condition) {
                diagnostics.append(Diagnostic(.ruleAlwaysFires, "rule '\(id)' fires for every order: its condition is always true",
                    at: whenNode.span, help: "every order will get '\(outcome.rawValue)'"))
            }
            rules.append(CheckedPolicy.Rule(id: id, location: ConditionChecker.location(of: whenNode), expressionText: text,
                                            condition: condition, outcome: outcome, reason: reason))
        }
        guard !diagnostics.hasErrors, let (name, _) = root.stringValue("policy"),
              rules.count == (root["rules"]?.items?.count ?? 0) else { return nil }
        return CheckedPolicy(name: name, description: root.stringValue("description")?.0, file: file, limits: limits, rules: rules)
    }

    private func readLimits() -> CheckedPolicy.Limits {
        var limits = CheckedPolicy.Limits()
        guard let node = root["limits"] else { return limits }
        if let entry = node.entry(BuiltInLimit.maxPositionPerSymbol.id) {
            if let (n, _) = entry.value.numberValue("notional"), entry.value["percent_of_equity"] == nil {
                limits.maxPositionPerSymbol = .init(value: .notional(n), location: entry.keySpan)
            } else if let (p, _) = entry.value.numberValue("percent_of_equity"), entry.value["notional"] == nil {
                limits.maxPositionPerSymbol = .init(value: .percentOfEquity(p), location: entry.keySpan)
            }
        }
        if let entry = node.entry(BuiltInLimit.maxGrossNotional.id), let n = entry.value.number, n.isFinite {
            limits.maxGrossNotional = .init(value: n, location: entry.keySpan)
        }
        if let entry = node.entry(BuiltInLimit.dailyMaxDrawdown.id), let (p, _) = entry.value.numberValue("percent") {
            limits.dailyMaxDrawdownPercent = .init(value: p, location: entry.keySpan)
        }
        if let entry = node.entry(BuiltInLimit.approvalThreshold.id), let (n, _) = entry.value.numberValue("notional") {
            limits.approvalThresholdNotional = .init(value: n, location: entry.keySpan)
        }
        if let entry = node.entry(BuiltInLimit.maxShortNotional.id), let n = entry.value.number, n.isFinite {
            limits.maxShortNotional = .init(value: n, location: entry.keySpan)
        }
        return limits
    }

    private mutating func warnAboutUnreachableLimits(_ limits: CheckedPolicy.Limits) {
        let money = { (x: Double) in Money.text(x, cents: false) }
        let (perSymbolLimit, grossLimit, approvalLimit) = (BuiltInLimit.maxPositionPerSymbol, BuiltInLimit.maxGrossNotional,
                                                           BuiltInLimit.approvalThreshold)
        if let position = limits.maxPositionPerSymbol, case .notional(let perSymbol) = position.value,
           let gross = limits.maxGrossNotional, perSymbol > gross.value {
            diagnostics.append(Diagnostic(.unreachableLimit,
                "\(perSymbolLimit) (\(money(perSymbol))) can never be reached: \(grossLimit) (\(money(gross.value))) is lower",
                at: position.location, help: "lower \(perSymbolLimit) to at most \(money(gross.value)), or raise \(grossLimit)"))
        }
        if let approval = limits.approvalThresholdNotional {
            var ceilings: [(BuiltInLimit, Double)] = []
            if let position = limits.maxPositionPerSymbol, case .notional(let n) = position.value { ceilings.append((perSymbolLimit, n)) }
            if let gross = limits.maxGrossNotional { ceilings.append((grossLimit, gross.value)) }
            if let (limit, ceiling) = ceilings.min(by: { $0.1 < $1.1 }), approval.value >= ceiling {
                diagnostics.append(Diagnostic(.unreachableLimit,
                    "\(approvalLimit) (\(money(approval.value))) can never ask for approval: \(limit) (\(money(ceiling))) blocks every buy that large first",
                    at: approval.location, help: "set \(approvalLimit) below \(money(ceiling))"))
            }
        }
        if let position = limits.maxPositionPerSymbol, case .percentOfEquity(let p) = position.value, p > 100 {
            diagnostics.append(Diagnostic(.leveragedSize, "\(perSymbolLimit) allows \(Expr.format(p))% of equity in one symbol, more than you have",
                at: position.location, help: "above 100 needs borrowed money"))
        }
    }
}
