/// Numbers written straight into a byte buffer, shared by the timestamp and JSON writers
/// (no intermediate `String` per number).
enum ByteText {
    /// A non-negative number in at least `width` digits, zero-padded.
    static func appendDigits(_ value: Int, width: Int = 1, to out: inout [UInt8]) {
        var divisor = 1
        var digits = 1
        while digits < width || value / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// A whole number, with `-` when negative (`Int64.min` too).
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            if value == .min {
                out.append(contentsOf: "9223372036854775808".utf8)
                return
            }
        }
        appendDigits(Int(value.magnitude), to: &out)
    }
}
