/// Checks one document against compiled `SchemaNode`s. In the fast mode (`collect == false`)
/// it stops at the first failure and allocates nothing; in the collecting mode it records
/// every failure with its path, and avoids cascades (a wrong type stops that value's other
/// checks; combinators report one branch, not all).
struct SchemaEvaluator {
    let nodes: [SchemaNode]
    let collect: Bool
    var path: [PathSegment] = []
    var failures: [SchemaFailure] = []

    init(nodes: [SchemaNode], collect: Bool) {
        self.nodes = nodes
        self.collect = collect
    }

    mutating func fail(_ kind: SchemaFailure.Kind, _ node: YAMLNode, _ schema: Int) {
        if collect { failures.append(SchemaFailure(kind: kind, node: node, path: path, schema: schema)) }
    }

    /// `aliases` are keys presumed present because a misspelled key next to them is reported
    /// already ("did you mean 'size'?"), so the same mistake is not also "missing key 'size'".
    mutating func evaluate(_ instance: YAMLNode, _ index: Int, aliases: Set<String> = []) -> Bool {
        let schema = nodes[index]
        if let constant = schema.constant {
            if !constant { fail(.falseSchema, instance, index) }
            return constant
        }
        if let types = schema.types, !types.matches(instance) {
            fail(.wrongType(expected: types), instance, index)
            return false
        }
        var valid = checkValue(instance, schema, index)
        if !valid && !collect { return false }
        switch instance.value {
        case .number(let n): valid = checkNumber(n, instance, schema, index) && valid
        case .string(let s): valid = checkText(s, instance, schema, index) && valid
        case .sequence(let items): valid = checkList(items, instance, schema, index) && valid
        case .mapping(let entries):
            var all = aliases
            if collect { all.formUnion(typoTargets(entries, schema)) }
            valid = checkMapping(entries, instance, schema, index, aliases: all) && valid
            if !valid && !collect { return false }
            return checkCombinators(instance, schema, index, aliases: all) && valid
        case .null, .bool: break
        }
        if !valid && !collect { return false }
        return checkCombinators(instance, schema, index, aliases: aliases) && valid
    }

    private mutating func checkValue(_ instance: YAMLNode, _ schema: SchemaNode, _ index: Int) -> Bool {
        var valid = true
        if let allowed = schema.enumValues, !allowed.contains(where: { $0.jsonEquals(instance) }) {
            fail(.notInEnum(allowed), instance, index)
            valid = false
        }
        if let constant = schema.constValue, !constant.jsonEquals(instance) {
            fail(.notConst(constant), instance, index)
            valid = false
        }
        return valid
    }

    private mutating func checkNumber(_ n: Double, _ instance: YAMLNode, _ schema: SchemaNode, _ index: Int) -> Bool {
        var valid = true
        if let m = schema.minimum, !(n >= m) { valid = false }
        if let m = schema.maximum, !(n <= m) { valid = false }
        if let m = schema.exclusiveMinimum, !(n > m) { valid = false }
        if let m = schema.exclusiveMaximum, !(n < m) { valid = false }
        if !valid { fail(.outOfRange, instance, index) }
        if let divisor = schema.multipleOf, !Self.isMultiple(n, of: divisor) {
            fail(.notMultiple(of: divisor), instance, index)
            valid = false
        }
        return valid
    }

    /// Decimal divisors like 0.01 are not exact in binary, so the quotient gets a relative
    /// tolerance; an infinite quotient (1e308 / 0.123) is never a multiple.
    static func isMultiple(_ n: Double, of divisor: Double) -> Bool {
        let quotient = n / divisor
        guard quotient.isFinite else { return false }
        return abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
    }

    private mutating func checkText(_ s: String, _ instance: YAMLNode, _ schema: SchemaNode, _ index: Int) -> Bool {
        var valid = true
        if schema.minLength != nil || schema.maxLength != nil {
            let length = s.unicodeScalars.count
            if let min = schema.minLength, length < min {
                fail(.textTooShort(min), instance, index)
                valid = false
            }
            if let max = schema.maxLength, length > max {
                fail(.textTooLong(max), instance, index)
                valid = false
            }
        }
        if let pattern = schema.pattern, !pattern.matches(s) {
            fail(.pattern(pattern.source), instance, index)
            valid = false
        }
        return valid
    }

    private mutating func checkList(_ items: [YAMLNode], _ instance: YAMLNode, _ schema: SchemaNode, _ index: Int) -> Bool {
        var valid = true
        if let min = schema.minItems, items.count < min {
            fail(.tooFewItems(min), instance, index)
            valid = false
        }
        if let max = schema.maxItems, items.count > max {
            fail(.tooManyItems(max), instance, index)
            valid = false
        }
        if !valid && !collect { return false }
        if schema.uniqueItems {
            for later in items.indices.dropFirst() {
                guard let first = items[..<later].firstIndex(where: { $0.jsonEquals(items[later]) }) else { continue }
                valid = false
                guard collect else { return false }
                path.append(.index(later, id: nil))
                fail(.repeatedItem(firstIndex: first), items[later], index)
                path.removeLast()
            }
        }
        for (i, item) in items.enumerated() {
            let itemSchema = i < schema.prefixItems.count ? schema.prefixItems[i] : schema.items
            guard let itemSchema else { continue }
            if collect { path.append(.index(i, id: item["id"]?.string)) }
            let ok = evaluate(item, itemSchema)
            if collect { path.removeLast() }
            if !ok {
                valid = false
                if !collect { return false }
            }
        }
        return valid
    }
}
