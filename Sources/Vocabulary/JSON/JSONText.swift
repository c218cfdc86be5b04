/// JSON string literals, written the same way everywhere algobot writes JSON by hand (reports,
/// log lines, the simulator's answers): escapes for quote, backslash and control characters,
/// everything else verbatim (UTF-8 as it is).
public enum JSONText {
    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        append(quoted: s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal.
    public static func append(quoted s: String, to out: inout [UInt8]) {
        append(s, to: &out, shortBackspaceAndFormFeed: false)
    }

    /// Appends `s` as Foundation's `JSONEncoder` writes it (with `.withoutEscapingSlashes`):
    /// the same escapes, except backspace and form feed as `\b` and `\f`. For bytes that must
    /// equal what the encoder wrote (`JSONFieldWriter`).
    public static func append(encoderQuoted s: String, to out: inout [UInt8]) {
        append(s, to: &out, shortBackspaceAndFormFeed: true)
    }

    private static func append(_ s: String, to out: inout [UInt8], shortBackspaceAndFormFeed short: Bool) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them in one go from their UTF-8 bytes in place (a
        // report writes hundreds of thousands of short strings and keys; `withUTF8` reads a
        // small or literal string where it lies, where the generic views cost more per string
        // than the copy).
        var text = s
        text.withUTF8 { bytes in
            var clean = true
            for byte in bytes where needsEscape(byte) {
                clean = false
                break
            }
            if clean {
                out.append(contentsOf: bytes)
            } else {
                for byte in bytes { appendEscaped(byte, short: short, to: &out) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscaped(_ byte: UInt8, short: Bool, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
        case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
        case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
        case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
        case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
        case 0x08 where short: out.append(contentsOf: "\\b".utf8)
        case 0x0c where short: out.append(contentsOf: "\\f".utf8)
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: "\\u00".utf8)
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        default:
            out.append(byte)
        }
    }
}
