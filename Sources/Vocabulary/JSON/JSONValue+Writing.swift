import Foundation

/// JSON text written straight into a byte buffer: a million-bar report has tens of thousands
/// of orders, and building it by `String` appends (with a padding string per line) cost more
/// than the backtest itself. Strings are quoted as `JSONText` says.
extension JSONValue {
    /// The document as text: two-space indentation by default (`indent` levels already in),
    /// or on one line without spaces when `pretty` is false.
    public func serialized(indent: Int = 0, pretty: Bool = true) -> String {
        String(decoding: bytes(indent: indent, pretty: pretty), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes.
    public func bytes(indent: Int = 0, pretty: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: indent, pretty: pretty)
        return out
    }

    /// The compact text as `Data` (HTTP bodies).
    public var data: Data { Data(bytes(pretty: false)) }

    /// Appends the document to `out`.
    public func write(into out: inout [UInt8], indent: Int = 0, pretty: Bool = true) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): Self.appendNumber(n, to: &out)
        case .int(let n): ByteText.appendInteger(n, to: &out)
        case .string(let s): JSONText.append(quoted: s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(indent + 1, &out) }
                item.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { Self.newline(indent, &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            if entries.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(indent + 1, &out) }
                JSONText.append(quoted: key, to: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                value.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { Self.newline(indent, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The text of a number: `48`, `-155.65`, `1e+20`; `null` for NaN and infinities.
    public static func numberText(_ n: Double) -> String {
        var out: [UInt8] = []
        appendNumber(n, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendNumber(_ n: Double, to out: inout [UInt8]) {
        guard n.isFinite else { out.append(contentsOf: "null".utf8); return }
        if n.rounded() == n, abs(n) < 1e15 {
            ByteText.appendInteger(Int64(n), to: &out)
        } else {
            out.append(contentsOf: n.description.utf8)
        }
    }

    static func newline(_ level: Int, _ out: inout [UInt8]) {
        let count = 1 + 2 * level
        guard count <= indentation.count else {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
            return
        }
        indentation.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// A newline and the spaces of up to 31 levels, copied in one go.
    private static let indentation: [UInt8] = [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 62)
}
