extension YAMLNode {
    /// Equality as JSON Schema defines it for `enum`, `const` and `uniqueItems`: numbers by
    /// value (1 == 1.0), never a number equal to a boolean, mappings regardless of key order.
    func jsonEquals(_ other: YAMLNode) -> Bool {
        switch (value, other.value) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        // Code points, not Swift's canonical equivalence: "é" and "e\u{301}" differ.
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.jsonEquals($1) }
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { entry in
                b.contains { $0.key == entry.key && $0.value.jsonEquals(entry.value) }
            }
        default: return false
        }
    }
}
