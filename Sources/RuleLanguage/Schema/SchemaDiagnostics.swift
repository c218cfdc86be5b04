import Vocabulary

/// Turns one `SchemaFailure` into one `Diagnostic` an operator can act on: located at the
/// offending key or value, named by its place in the file, with a `help:` line that says
/// what to write instead. A schema's `x-help` text extends the help (replaces it for
/// patterns, whose generated help would be a regex).
struct SchemaDiagnostics {
    let nodes: [SchemaNode]

    func diagnostic(_ failure: SchemaFailure) -> Diagnostic {
        let schema = nodes[failure.schema]
        let node = failure.node, path = failure.path
        let subject = SchemaWords.subject(path)
        switch failure.kind {
        case .unknownKey(let key, let declared, let keySpan):
            let message = "unknown key '\(key)'\(SchemaWords.within(path))"
            if let guess = Suggestions.closest(to: key, in: declared) {
                return Diagnostic(.unknownKey, message, at: keySpan, help: "did you mean '\(guess)'?",
                                  fixIt: Diagnostic.FixIt(span: keySpan, replacement: guess))
            }
            let help = declared.isEmpty ? "remove it; no keys are allowed here"
                : "remove it, or use one of the keys allowed here: \(Suggestions.list(declared))"
            return Diagnostic(.unknownKey, message, at: keySpan, help: help)
        case .missingKey(let key, let propertySchema):
            let property = propertySchema.map { nodes[$0] }
            let example = property?.examples.first.map { " " + SchemaWords.render($0) } ?? " ..."
            return Diagnostic(.missingKey, "missing required key '\(key)'\(SchemaWords.within(path))",
                              at: mappingSpan(node, path), help: "add '\(key):\(example)'")
        case .missingDependency(let key, let owner, let keySpan):
            return Diagnostic(.missingKey, "'\(owner)' needs '\(key)' next to it\(SchemaWords.within(path))",
                              at: keySpan, help: "add '\(key):' or remove '\(owner)'")
        case .wrongType(let types):
            let expected = "expected \(SchemaWords.expected(types)), got \(SchemaWords.found(node))"
            let isEmpty: Bool = { if case .null = node.value { return true } else { return false } }()
            let message = "\(isEmpty ? "no value" : "wrong kind of value") for \(subject)"
            if let (fix, replacement) = literalFix(node, types, schema) {
                return Diagnostic(.wrongType, message, at: valueSpan(node, path), help: extend("\(expected); \(fix)", schema.help),
                                  fixIt: Diagnostic.FixIt(span: node.span, replacement: replacement))
            }
            return Diagnostic(.wrongType, message, at: valueSpan(node, path), help: extend(expected + exampleSuffix(schema), schema.help))
        case .notInEnum(let allowed):
            return notInEnum(allowed, failure, subject)
        case .notConst(let value):
            let replacement = SchemaWords.render(value)
            let fix = value.entries == nil && value.items == nil ? Diagnostic.FixIt(span: node.span, replacement: replacement) : nil
            return Diagnostic(.valueNotAllowed, "\(subject) must be \(replacement)", at: valueSpan(node, path),
                              help: extend("change \(SchemaWords.render(node)) to \(replacement)", schema.help), fixIt: fix)
        case .outOfRange:
            return Diagnostic(.outOfRange, "number out of range for \(subject)", at: node.span,
                              help: extend("must be \(range(schema)), got \(SchemaWords.render(node))", schema.help))
        case .pattern(let source):
            let help = schema.help ?? "it must match the pattern \(source)\(exampleSuffix(schema))"
            // `spy` for `SPY`: only the case is wrong.
            if let text = node.string, let pattern = schema.pattern,
               let fixed = [text.uppercased(), text.lowercased()].first(where: { $0 != text && pattern.matches($0) }) {
                return Diagnostic(.badFormat, "\(subject) does not have the expected form", at: node.span,
                                  help: "did you mean '\(fixed)'? \(help)", fixIt: Diagnostic.FixIt(span: node.span, replacement: fixed))
            }
            return Diagnostic(.badFormat, "\(subject) does not have the expected form", at: node.span, help: help)
        case .textTooShort(let min):
            let length = node.string?.unicodeScalars.count ?? 0
            let message = min == 1 ? "\(subject) must not be empty" : "\(subject) is too short"
            let help = min == 1 ? schema.help ?? "write something here" + exampleSuffix(schema)
                : extend("use at least \(min) characters, got \(length)", schema.help)
            return Diagnostic(.badFormat, message, at: node.span, help: help)
        case .textTooLong(let max):
            let length = node.string?.unicodeScalars.count ?? 0
            return Diagnostic(.badFormat, "\(subject) is too long", at: node.span,
                              help: extend("use at most \(max) characters, got \(length)", schema.help))
        case .tooFewItems(let min):
            let count = node.items?.count ?? 0
            return Diagnostic(.badListLength, "\(subject) needs at least \(min) \(items(min))", at: valueSpan(node, path),
                              help: extend("the list has \(count) \(items(count))" + exampleSuffix(schema), schema.help))
        case .tooManyItems(let max):
            let count = node.items?.count ?? 0
            return Diagnostic(.badListLength, "\(subject) has too many items", at: node.span,
                              help: extend("at most \(max) \(items(max)) allowed, got \(count)", schema.help))
        case .repeatedItem(let first):
            let value = SchemaWords.quoted(node)
            return Diagnostic(.badListLength, "\(value) appears more than once in \(SchemaWords.subject(Array(path.dropLast())))",
                              at: node.span, help: "remove this repeat; \(value) is already item \(first + 1)")
        case .exactlyOneOf(let keys, let present):
            return exactlyOneOf(keys, present, failure, subject)
        case .notMultiple(let divisor):
            let rule = divisor == 1 ? "a whole number" : "a multiple of \(SchemaWords.number(divisor))"
            return Diagnostic(.schemaViolation, "\(subject) must be \(rule)",
                              at: node.span, help: extend("got \(SchemaWords.render(node))", schema.help))
        case .tooFewKeys(let min):
            return Diagnostic(.schemaViolation, "\(subject) needs at least \(min) \(keys(min))", at: valueSpan(node, path),
                              help: extend("it has \(node.entries?.count ?? 0)" + exampleSuffix(schema), schema.help))
        case .tooManyKeys(let max):
            return Diagnostic(.schemaViolation, "\(subject) has too many keys", at: node.span,
                              help: extend("at most \(max) \(keys(max)) allowed, it has \(node.entries?.count ?? 0)", schema.help))
        case .matchesNot:
            return Diagnostic(.schemaViolation, "\(subject) has a value that is not allowed here", at: valueSpan(node, path),
                              help: schema.help)
        case .falseSchema:
            if case .key(let key, let keySpan)? = path.last {
                return Diagnostic(.schemaViolation, "'\(key)' is not allowed\(SchemaWords.within(Array(path.dropLast())))",
                                  at: keySpan, help: extend("remove '\(key)'", schema.help))
            }
            return Diagnostic(.schemaViolation, "\(subject) is not allowed here", at: valueSpan(node, path),
                              help: extend("remove it", schema.help))
        case .matchesSeveral:
            return Diagnostic(.schemaViolation, "\(subject) fits more than one of the allowed forms", at: valueSpan(node, path),
                              help: schema.help ?? "change it so that it fits exactly one")
        case .noMatch:
            return Diagnostic(.schemaViolation, "\(subject) does not match any of the allowed forms", at: valueSpan(node, path),
                              help: schema.help)
        }
    }

    private func notInEnum(_ allowed: [YAMLNode], _ failure: SchemaFailure, _ subject: String) -> Diagnostic {
        let node = failure.node, schema = nodes[failure.schema]
        let choices = allowed.map { SchemaWords.render($0) }
        let written = SchemaWords.quoted(node)
        let message = "\(written) is not an allowed value for \(subject)"
        let listed = allowed.count == 1 ? "the only allowed value is \(choices[0])" : "allowed: \(Suggestions.list(choices))"
        let candidates = allowed.compactMap(\.string)
        if let text = node.string ?? node.text, let guess = Suggestions.closest(to: text, in: candidates) {
            return Diagnostic(.valueNotAllowed, message, at: node.span,
                              help: extend("did you mean '\(guess)'? \(listed)", schema.help),
                              fixIt: Diagnostic.FixIt(span: node.span, replacement: guess))
        }
        return Diagnostic(.valueNotAllowed, message, at: valueSpan(node, failure.path), help: extend(listed, schema.help))
    }

    private func exactlyOneOf(_ keys: [String], _ present: [YAMLEntry], _ failure: SchemaFailure, _ subject: String) -> Diagnostic {
        let schema = nodes[failure.schema]
        let choices = Suggestions.list(keys)
        guard present.count > 1 else {
            let first = keys[0]
            let example = schema.properties[first].flatMap { nodes[$0].examples.first }.map { " " + SchemaWords.render($0) } ?? " ..."
            return Diagnostic(.exactlyOneOf, "\(subject) needs exactly one of \(choices)", at: mappingSpan(failure.node, failure.path),
                              help: extend("add one of them, for example '\(first):\(example)'", schema.help))
        }
        let given = Suggestions.list(present.map { "'\($0.key)'" }, conjunction: "and")
        let others = present.count == 2 ? "the other" : "the others"
        return Diagnostic(.exactlyOneOf, "\(subject) has more than one of \(choices)", at: present[1].keySpan,
                          help: extend("\(given) cannot be used together; keep one and remove \(others)", schema.help))
    }

    /// The literal fix for a number written with extras (`10%`, `$50,000`, `"50000"`) where a
    /// number belongs, or for a bare number where a mapping like `{ notional: 50000 }` does:
    /// the help's words and the replacement text.
    private func literalFix(_ node: YAMLNode, _ types: TypeSet, _ schema: SchemaNode) -> (String, String)? {
        guard let literal = NumberText(node) else { return nil }
        if !types.intersection([.number, .integer]).isEmpty, !literal.extras.isEmpty {
            return (literal.fix, literal.number)
        }
        guard types.contains(.object) else { return nil }
        let keys = schema.examples.compactMap { example -> String? in
            guard let entries = example.entries, entries.count == 1, entries[0].value.number != nil else { return nil }
            return entries[0].key
        }
        guard let key = keys.first(where: { literal.percent && $0.contains("percent") }) ?? keys.first else { return nil }
        let mapping = "{ \(key): \(literal.number) }"
        return ("write \(mapping)", mapping)
    }

    /// Where a problem with a mapping's keys points: the key that owns the mapping
    /// (`size:`), else the mapping's first key, else the mapping itself.
    private func mappingSpan(_ node: YAMLNode, _ path: [PathSegment]) -> SourceSpan {
        if case .key(_, let span)? = path.last { return span }
        return node.entries?.first?.keySpan ?? node.span
    }

    /// The value, unless it is an empty `key:` with nothing to point at: then the key.
    private func valueSpan(_ node: YAMLNode, _ path: [PathSegment]) -> SourceSpan {
        if node.span.start == node.span.end, case .key(_, let span)? = path.last { return span }
        return node.span
    }

    private func range(_ schema: SchemaNode) -> String {
        var parts: [String] = []
        if let m = schema.exclusiveMinimum { parts.append("greater than \(SchemaWords.number(m))") }
        if let m = schema.minimum { parts.append("at least \(SchemaWords.number(m))") }
        if let m = schema.exclusiveMaximum { parts.append("less than \(SchemaWords.number(m))") }
        if let m = schema.maximum { parts.append("at most \(SchemaWords.number(m))") }
        return parts.joined(separator: " and ")
    }

    /// ", for example [SPY]" when the schema has a short example; long ones would bury the help.
    private func exampleSuffix(_ schema: SchemaNode) -> String {
        guard let example = schema.examples.first.map({ SchemaWords.render($0) }), example.count <= 40 else { return "" }
        return ", for example \(example)"
    }

    private func extend(_ help: String, _ extra: String?) -> String {
        guard let extra else { return help }
        return "\(help); \(extra)"
    }

    private func items(_ n: Int) -> String { n == 1 ? "item" : "items" }
    private func keys(_ n: Int) -> String { n == 1 ? "key" : "keys" }
}
