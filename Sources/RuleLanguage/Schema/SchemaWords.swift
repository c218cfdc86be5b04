import Foundation
import Vocabulary

/// The plain words schema diagnostics are made of: where a value is (`rule 'enter-long' ›
/// size`), what kind of value was expected and found, and values written back as YAML.
enum SchemaWords {
    /// `rule 'enter-long' › size`, `symbols › item 2`; empty for the top level. A list item
    /// with an `id:` is named by it, with the list's name made singular (`rules` → `rule`).
    static func place(_ path: ArraySlice<PathSegment>) -> String {
        var parts: [String] = []
        var lastKey: String?
        for segment in path {
            switch segment {
            case .key(let key, _):
                parts.append(key)
                lastKey = key
            case .index(let i, let id):
                if let id, let key = lastKey, !parts.isEmpty {
                    parts[parts.count - 1] = "\(singular(key)) '\(id)'"
                } else {
                    parts.append("item \(i + 1)")
                }
                lastKey = nil
            case .keyName(let key):
                parts.append("key '\(key)'")
                lastKey = nil
            }
        }
        return parts.joined(separator: " › ")
    }

    /// The value a message is about: `'percent_of_equity' in rule 'enter-long' › size`.
    static func subject(_ path: [PathSegment]) -> String {
        guard let last = path.last else { return "the top level of the file" }
        let parent = place(path.dropLast())
        switch last {
        case .key(let key, _):
            return parent.isEmpty ? "'\(key)'" : "'\(key)' in \(parent)"
        case .index(let i, let id):
            if id != nil, case .key? = path.dropLast().last { return place(path[...]) }
            return parent.isEmpty ? "item \(i + 1)" : "item \(i + 1) in \(parent)"
        case .keyName(let key):
            return parent.isEmpty ? "top-level key '\(key)'" : "key '\(key)' in \(parent)"
        }
    }

    /// ` in rule 'enter-long'` or ` at the top level`, for messages about a mapping's keys.
    static func within(_ path: [PathSegment]) -> String {
        path.isEmpty ? " at the top level" : " in \(place(path[...]))"
    }

    static func singular(_ key: String) -> String {
        key.count > 1 && key.hasSuffix("s") ? String(key.dropLast()) : "item"
    }

    /// "a number", "text or a list", ...
    static func expected(_ types: TypeSet) -> String {
        var words: [String] = []
        if types.contains(.string) { words.append("text") }
        if types.contains(.number) {
            words.append("a number")
        } else if types.contains(.integer) {
            words.append("a whole number")
        }
        if types.contains(.boolean) { words.append("true or false") }
        if types.contains(.array) { words.append("a list") }
        if types.contains(.object) { words.append("a mapping (key: value pairs)") }
        if types.contains(.null) { words.append("nothing (null)") }
        return Suggestions.list(words)
    }

    /// "text 'ten'", "the number 5", "a list": what the user actually wrote.
    static func found(_ node: YAMLNode) -> String {
        switch node.value {
        case .null: return "nothing (null)"
        case .bool(let b): return "\(b)"
        case .number: return "the number \(render(node))"
        case .string(let s): return "text '\(shortened(s))'"
        case .sequence: return "a list"
        case .mapping: return "a mapping (key: value pairs)"
        }
    }

    static func shortened(_ text: String, limit: Int = 40) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(limit - 1))) + "…"
    }

    /// A value as the user would write it after `key: ` (`flow` inside `[...]`/`{...}`):
    /// `[SPY]`, `{ notional: 25000 }`, `close > sma(close, 20)`.
    static func render(_ node: YAMLNode, flow: Bool = false) -> String {
        switch node.value {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let n): return node.text.flatMap { Double($0) == n ? $0 : nil } ?? number(n)
        case .string(let s): return needsQuotes(s, flow: flow) ? "'\(s.replacingOccurrences(of: "'", with: "''"))'" : s
        case .sequence(let items): return "[" + items.map { render($0, flow: true) }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            guard !entries.isEmpty else { return "{}" }
            return "{ " + entries.map { "\($0.key): \(render($0.value, flow: true))" }.joined(separator: ", ") + " }"
        }
    }

    /// A value quoted for a sentence: `'SPY'` for text, `5` or `[1, 2]` otherwise.
    static func quoted(_ node: YAMLNode) -> String {
        node.string.map { "'\(shortened($0))'" } ?? render(node)
    }

    /// `3` rather than `3.0`; anything not whole keeps Swift's shortest round-trip form.
    static func number(_ n: Double) -> String {
        n.isFinite && n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
    }

    /// Text that YAML would read as something else (a number, true, null), or that holds
    /// YAML punctuation, gets quotes when shown back to the user.
    private static func needsQuotes(_ s: String, flow: Bool) -> Bool {
        if s.isEmpty || s != s.trimmingCharacters(in: .whitespaces) { return true }
        if case .string = ScalarResolver.resolve(s, plain: true, tag: nil) {} else { return true }
        let indicators: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        if let first = s.first, indicators.contains(first) { return true }
        if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") { return true }
        return flow && s.contains { ",[]{}".contains($0) }
    }
}
