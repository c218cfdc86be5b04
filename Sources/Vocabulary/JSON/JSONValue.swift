/// A JSON document as algobot writes it: objects keep the order they were built in (a
/// report's contract keys first, logically grouped), and numbers and strings are written the
/// same way on every run and machine (`JSONValue+Writing.swift`). The backtest report, the
/// JSON log handler and the simulator's wire answers are all written with it.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// Written as a whole number when it is one (below 10^15), else in the shortest text
    /// that reads back as the same double; NaN and infinities (JSON has none) as `null`.
    case number(Double)
    /// A whole number written exactly (ids and counts beyond 2^53 stay exact).
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// An object from a dictionary, which has no order of its own: written with sorted keys,
    /// so the bytes are the same on every run.
    public static func object(_ fields: [String: JSONValue]) -> JSONValue {
        .object(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public static func int(_ value: Int) -> JSONValue { .int(Int64(value)) }
    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// Two values are equal when they write the same JSON (`.int(2)` equals `.number(2)`).
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        a.serialized(pretty: false) == b.serialized(pretty: false)
    }

    /// A number rounded to `places` decimals; NaN, infinities and nil become null.
    public static func rounded(_ x: Double?, _ places: Int) -> JSONValue {
        roundedNumber(x, places).map { .number($0) } ?? .null
    }

    /// The number `rounded` writes (never −0); nil for nil, NaN and infinities.
    public static func roundedNumber(_ x: Double?, _ places: Int) -> Double? {
        guard let x, x.isFinite else { return nil }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (x * scale).rounded() / scale
        return r == 0 ? 0 : r
    }

    public static func money(_ x: Double?) -> JSONValue { rounded(x, 2) }
    public static func percent(_ x: Double?) -> JSONValue { rounded(x, 4) }

    /// The value of `key` in an object (the first, if a parsed object repeated it); nil for
    /// a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.0 == key }?.1
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

extension JSONValue {
    /// This object with `entry` added before the key `key` (at the end when there is no such
    /// key); anything else unchanged. For reports that add their own keys to a shared object.
    public func inserting(_ entry: (String, JSONValue), before key: String) -> JSONValue {
        guard case .object(var entries) = self else { return self }
        entries.insert(entry, at: entries.firstIndex { $0.0 == key } ?? entries.endIndex)
        return .object(entries)
    }
}
