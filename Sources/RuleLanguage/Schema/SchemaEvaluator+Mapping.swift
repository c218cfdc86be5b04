import Vocabulary

/// The mapping keywords: required keys, key names, and each key's value against its schema.
extension SchemaEvaluator {
    /// Keys that look like typos of a declared key in a closed mapping (no other keys allowed).
    func typoTargets(_ entries: [YAMLEntry], _ schema: SchemaNode) -> Set<String> {
        guard let extra = schema.additionalProperties, nodes[extra].constant == false else { return [] }
        var targets: Set<String> = []
        for entry in entries where schema.properties[entry.key] == nil
            && !schema.patternProperties.contains(where: { $0.pattern.matches(entry.key) }) {
            if let guess = Suggestions.closest(to: entry.key, in: schema.propertyOrder) { targets.insert(guess) }
        }
        return targets
    }

    mutating func checkMapping(_ entries: [YAMLEntry], _ instance: YAMLNode, _ schema: SchemaNode,
                               _ index: Int, aliases: Set<String>) -> Bool {
        var valid = true
        for key in schema.required where !entries.contains(where: { $0.key == key }) {
            valid = false
            guard collect else { return false }
            if !aliases.contains(key) { fail(.missingKey(key, schema: schema.properties[key]), instance, index) }
        }
        for (key, needs) in schema.dependentRequired {
            guard let owner = entries.first(where: { $0.key == key }) else { continue }
            for needed in needs where !entries.contains(where: { $0.key == needed }) {
                valid = false
                guard collect else { return false }
                if !aliases.contains(needed) {
                    fail(.missingDependency(needed, because: key, keySpan: owner.keySpan), instance, index)
                }
            }
        }
        if let min = schema.minProperties, entries.count < min {
            fail(.tooFewKeys(min), instance, index)
            valid = false
        }
        if let max = schema.maxProperties, entries.count > max {
            fail(.tooManyKeys(max), instance, index)
            valid = false
        }
        if !valid && !collect { return false }
        for entry in entries {
            if let names = schema.propertyNames {
                let keyNode = YAMLNode(.string(entry.key), span: entry.keySpan, text: entry.key)
                if collect { path.append(.keyName(entry.key)) }
                let ok = evaluate(keyNode, names)
                if collect { path.removeLast() }
                if !ok {
                    valid = false
                    if !collect { return false }
                    // A rejected key name says enough; its value is not checked on top.
                    continue
                }
            }
            if !checkEntry(entry, instance, schema, index) {
                valid = false
                if !collect { return false }
            }
        }
        return valid
    }

    private mutating func checkEntry(_ entry: YAMLEntry, _ instance: YAMLNode, _ schema: SchemaNode, _ index: Int) -> Bool {
        var valid = true
        var matched = false
        if let declared = schema.properties[entry.key] {
            matched = true
            valid = evaluateChild(entry, declared) && valid
        }
        for (pattern, patternSchema) in schema.patternProperties where pattern.matches(entry.key) {
            matched = true
            valid = evaluateChild(entry, patternSchema) && valid
            if !valid && !collect { return false }
        }
        if !matched, let extra = schema.additionalProperties {
            if nodes[extra].constant == false {
                fail(.unknownKey(entry.key, declared: schema.propertyOrder, keySpan: entry.keySpan), instance, index)
                return false
            }
            valid = evaluateChild(entry, extra) && valid
        }
        return valid
    }

    private mutating func evaluateChild(_ entry: YAMLEntry, _ schema: Int) -> Bool {
        if collect { path.append(.key(entry.key, span: entry.keySpan)) }
        defer { if collect { path.removeLast() } }
        return evaluate(entry.value, schema)
    }
}
