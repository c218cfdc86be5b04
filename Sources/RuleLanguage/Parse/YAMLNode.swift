/// A YAML value that remembers where it came from. The parser builds these from libyaml
/// events; the schema validator and the document readers only ever see this tree.
package struct YAMLNode: Sendable {
    package enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    package var value: Value
    package var span: SourceSpan
    /// The scalar exactly as written (`10`, `'SPY'`, `1e3`) without quotes; nil for collections.
    package var text: String?
    /// Where the first character of a single-line scalar's content sits, when every
    /// character of the value maps one-to-one onto the file (no escapes, no folding).
    /// Lets expression diagnostics point inside a `when:` string.
    package var contentStart: SourceLocation?

    package init(_ value: Value, span: SourceSpan, text: String? = nil, contentStart: SourceLocation? = nil) {
        self.value = value
        self.span = span
        self.text = text
        self.contentStart = contentStart
    }

    package subscript(key: String) -> YAMLNode? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.first { $0.key == key }?.value
    }

    package var entries: [YAMLEntry]? {
        if case .mapping(let e) = value { return e }
        return nil
    }

    package var items: [YAMLNode]? {
        if case .sequence(let i) = value { return i }
        return nil
    }

    package var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    package var number: Double? {
        if case .number(let n) = value { return n }
        return nil
    }

    package var bool: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    /// What a person would call this kind of value, for messages ("expected a number, got a list").
    package var kindDescription: String {
        switch value {
        case .null: return "nothing (null)"
        case .bool: return "true/false"
        case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? "a whole number" : "a number"
        case .string: return "text"
        case .sequence: return "a list"
        case .mapping: return "a mapping (key: value pairs)"
        }
    }

    /// The span of the characters at `offset ..< offset + length` of a string scalar's
    /// value, or the whole scalar when the text does not map one-to-one onto the file.
    package func span(ofOffset offset: Int, length: Int) -> SourceSpan {
        guard let start = contentStart else { return span }
        return SourceSpan(file: span.file, line: start.line, column: start.column + offset, length: max(length, 1))
    }
}

/// One `key: value` pair; the key's own span is kept for "unknown key" and "duplicate key".
package struct YAMLEntry: Sendable {
    package var key: String
    package var keySpan: SourceSpan
    package var value: YAMLNode

    package init(key: String, keySpan: SourceSpan, value: YAMLNode) {
        self.key = key
        self.keySpan = keySpan
        self.value = value
    }
}
