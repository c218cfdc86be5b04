/// Gives plain scalars their YAML 1.2 core-schema meaning. Only `true`/`false` are
/// booleans, so a symbol like `NO` or `ON` stays text (the "Norway problem" of YAML 1.1).
/// Infinity and NaN (`.inf`, `.nan`, or `1e999`, which overflows) stay text too: no size,
/// limit or param can use them, and as numbers they would pass "greater than 0" checks and
/// then be skipped without a word; as text the schema reports them.
enum ScalarResolver {
    static let knownTags: Set<String> = [
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
    ]

    static func resolve(_ text: String, plain: Bool, tag: String?) -> YAMLNode.Value {
        if tag == "tag:yaml.org,2002:str" || (!plain && tag == nil) { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let number = number(text), number.isFinite { return .number(number) }
        return .string(text)
    }

    /// Decimal integers and floats, `0x` hex and `0o` octal integers.
    private static func number(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return nil }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "x"), let v = UInt64(text.dropFirst(2), radix: 16) { return Double(v) }
            if bytes[1] == UInt8(ascii: "o"), let v = UInt64(text.dropFirst(2), radix: 8) { return Double(v) }
        }
        // Same grammar as the core schema: [-+]? ( . digits | digits ( . digits? )? ) ( [eE] [-+]? digits )?
        var i = 0
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { i += 1 }
        var digits = 0, fraction = 0
        while i < bytes.count, isDigit(bytes[i]) { i += 1; digits += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, isDigit(bytes[i]) { i += 1; fraction += 1 }
        }
        guard digits + fraction > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            var exponent = 0
            while i < bytes.count, isDigit(bytes[i]) { i += 1; exponent += 1 }
            guard exponent > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        return Double(text)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
