import Foundation

/// Turns a schema's JSON tree into `SchemaNode`s once: regexes compiled, `$ref`s resolved to
/// node indexes, keyword values checked. Validation then never looks at the JSON again.
struct SchemaCompiler {
    static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "$anchor", "$defs", "title", "description", "default",
        "examples", "deprecated", "readOnly", "writeOnly", "format", "x-help",
    ]

    private let root: YAMLNode
    private let file: String
    private(set) var nodes: [SchemaNode] = []
    /// Keywords this validator does not know; ignored as JSON Schema says, listed for tests.
    private(set) var unknownKeywords: [String] = []
    private var byPointer: [String: Int] = [:]
    private var pendingRefs: [(node: Int, ref: String, pointer: String)] = []

    init(root: YAMLNode, file: String) {
        self.root = root
        self.file = file
    }

    /// Compiles the whole document; node 0 is the root schema.
    mutating func compileAll() throws(SchemaError) {
        _ = try compile(root, at: [])
        while let pending = pendingRefs.popLast() {
            nodes[pending.node].ref = try resolve(pending.ref, from: pending.pointer)
        }
    }

    static func pointerString(_ tokens: [String]) -> String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }

    private func invalid(_ tokens: [String], _ message: String) -> SchemaError {
        .invalidKeyword(file: file, pointer: Self.pointerString(tokens), message: message)
    }

    /// `#`, `#/a/b` with `~0`/`~1` escapes and percent-encoding; anything else is a remote
    /// or `$id`-relative reference, which our schemas never need.
    private mutating func resolve(_ ref: String, from pointer: String) throws(SchemaError) -> Int {
        guard ref.hasPrefix("#"), let decoded = String(ref.dropFirst()).removingPercentEncoding,
              decoded.isEmpty || decoded.hasPrefix("/") else {
            throw .unsupported(file: file, pointer: pointer, message: "$ref \"\(ref)\" is not a local JSON pointer")
        }
        let tokens = decoded.isEmpty ? [] : decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        if let known = byPointer[Self.pointerString(tokens)] { return known }
        var target = root
        for token in tokens {
            switch target.value {
            case .mapping(let entries):
                guard let next = entries.first(where: { $0.key == token }) else {
                    throw .invalidKeyword(file: file, pointer: pointer, message: "$ref \"\(ref)\" points to nothing")
                }
                target = next.value
            case .sequence(let items):
                guard let i = Int(token), items.indices.contains(i) else {
                    throw .invalidKeyword(file: file, pointer: pointer, message: "$ref \"\(ref)\" points to nothing")
                }
                target = items[i]
            default:
                throw .invalidKeyword(file: file, pointer: pointer, message: "$ref \"\(ref)\" points to nothing")
            }
        }
        return try compile(target, at: tokens)
    }

    private mutating func compile(_ json: YAMLNode, at tokens: [String]) throws(SchemaError) -> Int {
        let pointer = Self.pointerString(tokens)
        if let known = byPointer[pointer] { return known }
        let index = nodes.count
        byPointer[pointer] = index
        nodes.append(SchemaNode())
        var node = SchemaNode()
        node.pointer = pointer
        switch json.value {
        case .bool(let b):
            node.constant = b
        case .mapping(let entries):
            for entry in entries {
                try apply(entry.key, entry.value, to: &node, index: index, at: tokens)
            }
            node.isSingleRequired = node.required.count == 1
                && entries.allSatisfy { $0.key == "required" || Self.annotations.contains($0.key) }
            if !node.oneOf.isEmpty {
                let branches = node.oneOf.map { nodes[$0] }
                if branches.allSatisfy(\.isSingleRequired) { node.oneOfKeys = branches.map { $0.required[0] } }
            }
        default:
            throw invalid(tokens, "a schema must be a JSON object or true/false, not \(json.kindDescription)")
        }
        nodes[index] = node
        return index
    }

    private mutating func apply(_ keyword: String, _ value: YAMLNode, to node: inout SchemaNode,
                                index: Int, at tokens: [String]) throws(SchemaError) {
        let here = tokens + [keyword]
        switch keyword {
        case "type": node.types = try typeSet(value, here)
        case "enum":
            guard let items = value.items else { throw invalid(here, "enum must be a list") }
            node.enumValues = items
        case "const": node.constValue = value
        case "$ref":
            guard let ref = value.string else { throw invalid(here, "$ref must be text") }
            pendingRefs.append((index, ref, Self.pointerString(tokens)))
        case "$id":
            if !tokens.isEmpty {
                throw .unsupported(file: file, pointer: Self.pointerString(here), message: "$id on a nested schema changes the base URI")
            }
        case "$defs":
            for entry in try entries(value, here) { _ = try compile(entry.value, at: here + [entry.key]) }
        case "minimum": node.minimum = try number(value, here)
        case "maximum": node.maximum = try number(value, here)
        case "exclusiveMinimum": node.exclusiveMinimum = try number(value, here)
        case "exclusiveMaximum": node.exclusiveMaximum = try number(value, here)
        case "multipleOf":
            let n = try number(value, here)
            guard n > 0 else { throw invalid(here, "multipleOf must be greater than 0") }
            node.multipleOf = n
        case "minLength": node.minLength = try count(value, here)
        case "maxLength": node.maxLength = try count(value, here)
        case "minItems": node.minItems = try count(value, here)
        case "maxItems": node.maxItems = try count(value, here)
        case "minProperties": node.minProperties = try count(value, here)
        case "maxProperties": node.maxProperties = try count(value, here)
        case "uniqueItems":
            guard let b = value.bool else { throw invalid(here, "uniqueItems must be true or false") }
            node.uniqueItems = b
        case "pattern":
            guard let source = value.string else { throw invalid(here, "pattern must be text") }
            node.pattern = try pattern(source, here)
        case "items": node.items = try compile(value, at: here)
        case "prefixItems": node.prefixItems = try schemaList(value, here)
        case "properties":
            for entry in try entries(value, here) {
                node.properties[entry.key] = try compile(entry.value, at: here + [entry.key])
                node.propertyOrder.append(entry.key)
            }
        case "patternProperties":
            for entry in try entries(value, here) {
                node.patternProperties.append((try pattern(entry.key, here), try compile(entry.value, at: here + [entry.key])))
            }
        case "additionalProperties": node.additionalProperties = try compile(value, at: here)
        case "propertyNames": node.propertyNames = try compile(value, at: here)
        case "required": node.required = try names(value, here)
        case "dependentRequired":
            for entry in try entries(value, here) {
                node.dependentRequired.append((entry.key, try names(entry.value, here + [entry.key])))
            }
        case "allOf": node.allOf = try schemaList(value, here)
        case "anyOf": node.anyOf = try schemaList(value, here)
        case "oneOf": node.oneOf = try schemaList(value, here)
        case "not": node.not = try compile(value, at: here)
        case "if": node.ifSchema = try compile(value, at: here)
        case "then": node.thenSchema = try compile(value, at: here)
        case "else": node.elseSchema = try compile(value, at: here)
        case "x-help":
            guard let help = value.string else { throw invalid(here, "x-help must be text") }
            node.help = help
        case "examples":
            guard let items = value.items else { throw invalid(here, "examples must be a list") }
            node.examples = items
        default:
            if !Self.annotations.contains(keyword) { unknownKeywords.append(Self.pointerString(here)) }
        }
    }

    private func typeSet(_ value: YAMLNode, _ here: [String]) throws(SchemaError) -> TypeSet {
        let names = value.string.map { [$0] } ?? value.items?.compactMap(\.string)
        guard let names, !names.isEmpty, names.count == (value.items?.count ?? 1) else {
            throw invalid(here, "type must be a type name or a list of them")
        }
        var set: TypeSet = []
        for name in names {
            guard let type = TypeSet.names.first(where: { $0.0 == name })?.1 else {
                throw invalid(here, "unknown type '\(name)'; use one of \(TypeSet.names.map(\.0).joined(separator: ", "))")
            }
            set.insert(type)
        }
        return set
    }

    private func number(_ value: YAMLNode, _ here: [String]) throws(SchemaError) -> Double {
        guard let n = value.number else { throw invalid(here, "expected a number") }
        return n
    }

    private func count(_ value: YAMLNode, _ here: [String]) throws(SchemaError) -> Int {
        guard let n = value.number, n >= 0, n.rounded() == n, n < 1e15 else {
            throw invalid(here, "expected a whole number 0 or more")
        }
        return Int(n)
    }

    private func names(_ value: YAMLNode, _ here: [String]) throws(SchemaError) -> [String] {
        guard let items = value.items, items.allSatisfy({ $0.string != nil }) else {
            throw invalid(here, "expected a list of key names")
        }
        return items.compactMap(\.string)
    }

    private func entries(_ value: YAMLNode, _ here: [String]) throws(SchemaError) -> [YAMLEntry] {
        guard let entries = value.entries else { throw invalid(here, "expected an object") }
        return entries
    }

    private mutating func schemaList(_ value: YAMLNode, _ here: [String]) throws(SchemaError) -> [Int] {
        guard let items = value.items, !items.isEmpty else { throw invalid(here, "expected a non-empty list of schemas") }
        var result: [Int] = []
        for (i, item) in items.enumerated() { result.append(try compile(item, at: here + [String(i)])) }
        return result
    }

    private func pattern(_ source: String, _ here: [String]) throws(SchemaError) -> CompiledPattern {
        do {
            return try CompiledPattern(source)
        } catch {
            throw invalid(here, "'\(source)' is not a valid regular expression")
        }
    }
}
