/// allOf/anyOf/oneOf/not/if and `$ref`: the keywords that apply other schemas to the same value.
extension SchemaEvaluator {
    mutating func checkCombinators(_ instance: YAMLNode, _ schema: SchemaNode, _ index: Int, aliases: Set<String>) -> Bool {
        var valid = true
        if let ref = schema.ref {
            valid = evaluate(instance, ref, aliases: aliases)
            if !valid && !collect { return false }
        }
        for branch in schema.allOf {
            valid = evaluate(instance, branch, aliases: aliases) && valid
            if !valid && !collect { return false }
        }
        if !schema.anyOf.isEmpty, !schema.anyOf.contains(where: { isValid(instance, $0) }) {
            guard collect else { return false }
            reportBestBranch(of: schema.anyOf, instance, index, aliases: aliases)
            valid = false
        }
        if !schema.oneOf.isEmpty {
            valid = checkOneOf(instance, schema, index, aliases: aliases) && valid
            if !valid && !collect { return false }
        }
        if let not = schema.not, isValid(instance, not) {
            fail(.matchesNot, instance, index)
            valid = false
            if !collect { return false }
        }
        if let condition = schema.ifSchema {
            if isValid(instance, condition) {
                if let then = schema.thenSchema { valid = evaluate(instance, then, aliases: aliases) && valid }
            } else if let otherwise = schema.elseSchema {
                valid = evaluate(instance, otherwise, aliases: aliases) && valid
            }
        }
        return valid
    }

    private mutating func checkOneOf(_ instance: YAMLNode, _ schema: SchemaNode, _ index: Int, aliases: Set<String>) -> Bool {
        var matching = 0
        for branch in schema.oneOf where isValid(instance, branch) {
            matching += 1
            if matching > 1 && !collect { return false }
        }
        if matching == 1 { return true }
        guard collect else { return false }
        if let keys = schema.oneOfKeys, let entries = instance.entries {
            let present = entries.filter { keys.contains($0.key) }
            let presumed = keys.filter { key in aliases.contains(key) && !present.contains { $0.key == key } }
            // A misspelled key already reported stands in for the missing one.
            if present.count + presumed.count != 1 {
                fail(.exactlyOneOf(keys: keys, present: present), instance, index)
            }
        } else if matching == 0 {
            reportBestBranch(of: schema.oneOf, instance, index, aliases: aliases)
        } else {
            fail(.matchesSeveral(matching), instance, index)
        }
        return false
    }

    /// The errors of the branch the value came closest to. A branch that rejects the value's
    /// type counts as far; when every branch does, one merged "expected A or B" is reported.
    private mutating func reportBestBranch(of branches: [Int], _ instance: YAMLNode, _ index: Int, aliases: Set<String>) {
        var best: (far: Bool, failures: [SchemaFailure])?
        var expected: TypeSet = []
        var allWrongType = true
        for branch in branches {
            var sub = SchemaEvaluator(nodes: nodes, collect: true)
            sub.path = path
            _ = sub.evaluate(instance, branch, aliases: aliases)
            let failures = sub.failures
            let typeFailure = failures.first { failure in
                if case .wrongType = failure.kind { return failure.path.count == path.count }
                return false
            }
            if failures.count == 1, let typeFailure, case .wrongType(let types) = typeFailure.kind {
                expected.formUnion(types)
            } else {
                allWrongType = false
            }
            let far = typeFailure != nil || failures.isEmpty
            if best == nil || (!far && best!.far) || (far == best!.far && failures.count < best!.failures.count) {
                best = (far, failures)
            }
        }
        if allWrongType, !expected.isEmpty {
            fail(.wrongType(expected: expected), instance, index)
        } else if let best, !best.failures.isEmpty {
            failures.append(contentsOf: best.failures)
        } else {
            fail(.noMatch, instance, index)
        }
    }

    func isValid(_ instance: YAMLNode, _ index: Int) -> Bool {
        var fast = SchemaEvaluator(nodes: nodes, collect: false)
        return fast.evaluate(instance, index)
    }
}
