import Foundation

/// The JSON Schema `type` keyword as a set, so a check is one bit test.
struct TypeSet: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = TypeSet(rawValue: 1 << 0)
    static let boolean = TypeSet(rawValue: 1 << 1)
    static let object = TypeSet(rawValue: 1 << 2)
    static let array = TypeSet(rawValue: 1 << 3)
    static let number = TypeSet(rawValue: 1 << 4)
    static let integer = TypeSet(rawValue: 1 << 5)
    static let string = TypeSet(rawValue: 1 << 6)

    static let names: [(String, TypeSet)] = [
        ("null", .null), ("boolean", .boolean), ("object", .object), ("array", .array),
        ("number", .number), ("integer", .integer), ("string", .string),
    ]

    /// JSON Schema's view: 1.0 is an integer, `true` is never a number.
    func matches(_ node: YAMLNode) -> Bool {
        switch node.value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .string: return contains(.string)
        case .sequence: return contains(.array)
        case .mapping: return contains(.object)
        case .number(let n): return contains(.number) || (contains(.integer) && n.isFinite && n.rounded(.towardZero) == n)
        }
    }
}

/// A `pattern` compiled once. Simple patterns (the ones our schemas use) run on
/// `SimpleRegex`; the rest on NSRegularExpression, whose ICU syntax is close enough to
/// ECMA-262 for schemas. Matching is an unanchored search, as JSON Schema requires.
struct CompiledPattern: Sendable {
    let source: String
    private let simple: SimpleRegex?
    private let regex: NSRegularExpression?

    init(_ source: String) throws {
        self.source = source
        self.simple = SimpleRegex(source)
        self.regex = simple == nil ? try NSRegularExpression(pattern: source) : nil
    }

    func matches(_ text: String) -> Bool {
        if let simple { return simple.matches(text) }
        return regex?.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}

/// One compiled (sub)schema. Subschemas and `$ref` targets are indexes into the node array,
/// so recursive references are plain integers and nothing is resolved twice.
struct SchemaNode: Sendable {
    /// Set for the boolean schemas `true` and `false`; every other field is then unused.
    var constant: Bool?
    /// Where this schema sits in its file (JSON pointer), for error messages about the schema itself.
    var pointer = ""

    var types: TypeSet?
    var enumValues: [YAMLNode]?
    var constValue: YAMLNode?
    var ref: Int?

    // Numbers
    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum: Double?
    var exclusiveMaximum: Double?
    var multipleOf: Double?

    // Text
    var minLength: Int?
    var maxLength: Int?
    var pattern: CompiledPattern?

    // Lists
    var prefixItems: [Int] = []
    var items: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false

    // Mappings
    var properties: [String: Int] = [:]
    /// Declared property names in file order: the candidates for "did you mean".
    var propertyOrder: [String] = []
    var patternProperties: [(pattern: CompiledPattern, schema: Int)] = []
    var additionalProperties: Int?
    var propertyNames: Int?
    var required: [String] = []
    var dependentRequired: [(key: String, needs: [String])] = []
    var minProperties: Int?
    var maxProperties: Int?

    // Combinators
    var allOf: [Int] = []
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    /// When every `oneOf` branch is just `{"required": [key]}`: those keys ("exactly one of").
    var oneOfKeys: [String]?
    var not: Int?
    var ifSchema: Int?
    var thenSchema: Int?
    var elseSchema: Int?

    // Annotations used in diagnostics
    var help: String?
    var examples: [YAMLNode] = []
    /// `true` when this node is only `{"required": [one key]}`, the shape `oneOfKeys` looks for.
    var isSingleRequired = false
}
