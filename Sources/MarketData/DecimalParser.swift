/// Decimal text to `Double` straight from bytes, giving exactly the value `Double(String)`
/// gives (tested on every row of the bundled and shared files).
///
/// Why it is exact: for `[-]digits[.digits]` with at most 2^53 as the integer of all digits
/// and at most 22 fraction digits, both `mantissa` and `10^fractionDigits` are exact doubles,
/// and IEEE division rounds their quotient correctly, so the result is the correctly rounded
/// value of the decimal (Clinger's fast path). Anything else (exponents, 17+ digits) falls back
/// to the standard library parser.
enum DecimalParser {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `count` bytes at `start`, or nil when they are not a finite decimal number.
    @inline(__always)
    static func parse(_ start: UnsafePointer<UInt8>, count: Int) -> Double? {
        if count <= 0 { return nil }
        var index = 0
        var negative = false
        if start[0] == UInt8(ascii: "-") { negative = true; index = 1 }
        else if start[0] == UInt8(ascii: "+") { index = 1 }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        while index < count {
            let digit = start[index] &- UInt8(ascii: "0")
            if digit < 10 {
                sawDigit = true
                if sawPoint { fractionDigits += 1 }
                if mantissa != 0 || digit != 0 {
                    significantDigits += 1
                    if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(digit) }
                }
            } else if start[index] == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                return slowParse(start, count: count)
            }
            index += 1
        }
        guard sawDigit else { return nil }
        if significantDigits <= 19 && mantissa <= (1 << 53) && fractionDigits <= 22 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return slowParse(start, count: count)
    }

    private static func slowParse(_ start: UnsafePointer<UInt8>, count: Int) -> Double? {
        let bytes = UnsafeBufferPointer(start: start, count: count)
        let allowed: Set<UInt8> = Set("0123456789+-.eE".utf8)
        guard bytes.allSatisfy({ allowed.contains($0) }),
              let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
