import Audit

/// A JSON document with keys in the order we choose (contract keys first, logically
/// grouped) and numbers written the same way on every run and machine.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// A number rounded to `places` decimals; NaN and infinities become null (JSON has none).
    public static func rounded(_ x: Double?, _ places: Int) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (x * scale).rounded() / scale
        return .number(r == 0 ? 0 : r)
    }

    public static func money(_ x: Double?) -> JSONValue { rounded(x, 2) }
    public static func percent(_ x: Double?) -> JSONValue { rounded(x, 4) }

    public func serialized(indent: Int = 0, pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: indent, pretty: pretty)
        return out
    }

    private func write(into out: inout String, indent: Int, pretty: Bool) {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let newline = pretty ? "\n" : ""
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += Self.format(n)
        case .string(let s): out += Self.quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1, pretty: pretty)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += closePad + "]"
        case .object(let entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, (key, value)) in entries.enumerated() {
                out += pad + Self.quote(key) + (pretty ? ": " : ":")
                value.write(into: &out, indent: indent + 1, pretty: pretty)
                out += (i < entries.count - 1 ? "," : "") + newline
            }
            out += closePad + "}"
        }
    }

    static func format(_ n: Double) -> String {
        guard n.isFinite else { return "null" }
        if n.rounded() == n, abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }

    static func quote(_ s: String) -> String { JSONText.quote(s) }
}
