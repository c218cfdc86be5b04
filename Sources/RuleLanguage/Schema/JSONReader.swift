/// A strict RFC 8259 JSON reader that builds the same positioned `YAMLNode` tree the YAML
/// parser builds, keeping key order and spans. Schema files and the conformance suite are
/// read with it; Foundation's JSONSerialization cannot tell `1` from `true` on Linux.
struct JSONReader {
    static let maxDepth = 256

    private let bytes: [UInt8]
    private let path: String
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    static func parse(_ text: String, path: String) throws(SchemaError) -> YAMLNode {
        var reader = JSONReader(bytes: Array(text.utf8), path: path)
        reader.skipWhitespace()
        let value = try reader.parseValue()
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    private func error(_ message: String) -> SchemaError {
        .invalidJSON(file: path, line: line, column: column, message: message)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Moves past one byte; columns count Unicode scalars, so UTF-8 continuation bytes do not advance them.
    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { advance() }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(SchemaError) {
        guard current == byte else { throw error("expected \(what)") }
        advance()
    }

    private func span(from start: SourceLocation) -> SourceSpan {
        SourceSpan(file: path, start: start, end: location)
    }

    private mutating func parseValue() throws(SchemaError) -> YAMLNode {
        let start = location
        switch current {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let text = try parseString()
            return YAMLNode(.string(text), span: span(from: start), text: text)
        case UInt8(ascii: "t"): try literal("true"); return YAMLNode(.bool(true), span: span(from: start), text: "true")
        case UInt8(ascii: "f"): try literal("false"); return YAMLNode(.bool(false), span: span(from: start), text: "false")
        case UInt8(ascii: "n"): try literal("null"); return YAMLNode(.null, span: span(from: start), text: "null")
        case .some: return try parseNumber()
        case nil: throw error("unexpected end of the JSON text")
        }
    }

    private mutating func literal(_ word: String) throws(SchemaError) {
        for byte in word.utf8 { try expect(byte, "'\(word)'") }
    }

    private mutating func enter() throws(SchemaError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("values nested more than \(Self.maxDepth) levels deep") }
    }

    private mutating func parseObject() throws(SchemaError) -> YAMLNode {
        let start = location
        try enter()
        advance()
        var entries: [YAMLEntry] = []
        var seen: Set<String> = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            advance()
        } else {
            while true {
                skipWhitespace()
                let keyStart = location
                guard current == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                let key = try parseString()
                let keySpan = span(from: keyStart)
                guard seen.insert(key).inserted else { throw error("duplicate key \"\(key)\"") }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipWhitespace()
                entries.append(YAMLEntry(key: key, keySpan: keySpan, value: try parseValue()))
                skipWhitespace()
                if current == UInt8(ascii: ",") { advance(); continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                break
            }
        }
        depth -= 1
        return YAMLNode(.mapping(entries), span: span(from: start))
    }

    private mutating func parseArray() throws(SchemaError) -> YAMLNode {
        let start = location
        try enter()
        advance()
        var items: [YAMLNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            advance()
        } else {
            while true {
                skipWhitespace()
                items.append(try parseValue())
                skipWhitespace()
                if current == UInt8(ascii: ",") { advance(); continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                break
            }
        }
        depth -= 1
        return YAMLNode(.sequence(items), span: span(from: start))
    }

    private mutating func parseNumber() throws(SchemaError) -> YAMLNode {
        let start = location, first = index
        if current == UInt8(ascii: "-") { advance() }
        guard let lead = current, isDigit(lead) else { throw error("expected a value") }
        advance()
        if lead != UInt8(ascii: "0") { while let d = current, isDigit(d) { advance() } }
        if current == UInt8(ascii: ".") {
            advance()
            guard let d = current, isDigit(d) else { throw error("expected a digit after '.'") }
            while let d = current, isDigit(d) { advance() }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            guard let d = current, isDigit(d) else { throw error("expected a digit in the exponent") }
            while let d = current, isDigit(d) { advance() }
        }
        let text = String(decoding: bytes[first..<index], as: UTF8.self)
        guard let value = Double(text) else { throw error("'\(text)' is not a number") }
        return YAMLNode(.number(value), span: span(from: start), text: text)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func parseString() throws(SchemaError) -> String {
        advance()
        var scalars = String.UnicodeScalarView()
        var run = index
        func flush(_ reader: JSONReader) {
            scalars.append(contentsOf: String(decoding: reader.bytes[run..<reader.index], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard let byte = current else { throw error("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                flush(self)
                advance()
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character inside a string; escape it") }
            if byte == UInt8(ascii: "\\") {
                flush(self)
                advance()
                scalars.append(try parseEscape())
                run = index
                continue
            }
            advance()
        }
    }

    private mutating func parseEscape() throws(SchemaError) -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated escape") }
        advance()
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\") else { throw error("lone surrogate in \\u escape") }
                advance()
                guard current == UInt8(ascii: "u") else { throw error("lone surrogate in \\u escape") }
                advance()
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("lone surrogate in \\u escape") }
            return scalar
        default:
            throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func hex4() throws(SchemaError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = hexValue(byte) else { throw error("expected 4 hex digits after \\u") }
            value = value << 4 | digit
            advance()
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
