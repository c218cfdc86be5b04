/// Numbers written straight into a byte buffer, shared by the timestamp and JSON writers
/// (no intermediate `String` per number).
enum ByteText {
    /// A non-negative number in at least `width` digits, zero-padded.
    static func appendDigits(_ value: Int, width: Int = 1, to out: inout [UInt8]) {
        // The fields of dates and times (every timestamp a report writes): divisions by
        // constants, which compile to multiplications, instead of the loop's divisions.
        if width <= 2 && value < 100 {
            if width == 2 || value >= 10 { out.append(UInt8(ascii: "0") + UInt8(value / 10)) }
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
            return
        }
        if width == 4 && value < 10_000 {
            out.append(UInt8(ascii: "0") + UInt8(value / 1_000))
            out.append(UInt8(ascii: "0") + UInt8(value / 100 % 10))
            out.append(UInt8(ascii: "0") + UInt8(value / 10 % 10))
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
            return
        }
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
