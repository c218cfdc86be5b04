/// Where an object's entries go: straight into a stream's bytes (`JSONStreamWriter`), or into
/// a `JSONValue` tree (`JSONObjectBuilder`). A report writes each of its long list's objects
/// with one function for both, and the stream gets no `JSONValue` per figure.
public protocol JSONObjectSink {
    mutating func entry(_ key: String, _ value: JSONValue)
    /// A string, or null for nil.
    mutating func entry(_ key: String, string: String?)
    /// What `JSONValue.rounded(x, places)` writes.
    mutating func entry(_ key: String, rounded x: Double?, _ places: Int)
}

extension JSONObjectSink {
    /// What `JSONValue.money(x)` writes.
    public mutating func entry(_ key: String, money x: Double?) { entry(key, rounded: x, 2) }
    /// What `JSONValue.percent(x)` writes.
    public mutating func entry(_ key: String, percent x: Double?) { entry(key, rounded: x, 4) }
}

/// The entries of one object, collected as a tree.
public struct JSONObjectBuilder: JSONObjectSink {
    public private(set) var entries: [(String, JSONValue)] = []

    public init() {}

    public var value: JSONValue { .object(entries) }

    public mutating func entry(_ key: String, _ value: JSONValue) { entries.append((key, value)) }
    public mutating func entry(_ key: String, string: String?) { entries.append((key, .string(string))) }
    public mutating func entry(_ key: String, rounded x: Double?, _ places: Int) { entries.append((key, .rounded(x, places))) }
}
