/// Decimal text to `Double` straight from bytes, giving exactly the value `Double(String)`
/// gives (tested on every row of the bundled and shared files).
///
/// Why it is exact: for `[-]digits[.digits]` with at most 19 digits whose integer is at most
/// 2^53 and at most 22 fraction digits, both that integer and `10^fractionDigits` are exact
/// doubles, and IEEE division rounds their quotient correctly, so the result is the correctly
/// rounded value of the decimal (Clinger's fast path). Anything else (exponents, `+`, 17+
/// significant digits) goes to the standard library parser.
enum DecimalParser {
    @inline(__always)
    private static func powerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Parses `[-]digits[.digits]` starting at `index`, stopping at the first other byte (the
    /// delimiter); on success moves `index` there. Nil, with `index` unchanged, when there are
    /// no digits or the number is outside the exact fast path (callers then use `parse`).
    @inline(__always)
    static func parsePrefix(_ base: UnsafePointer<UInt8>, from index: inout Int, end: Int) -> Double? {
        var i = index
        let negative = i < end && base[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < end {
            let digit = base[i] &- UInt8(ascii: "0")
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            i += 1
        }
        var digits = i - integerStart
        var fractionDigits = 0
        if i < end && base[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < end {
                let digit = base[i] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                i += 1
            }
            fractionDigits = i - fractionStart
            digits += fractionDigits
        }
        // At most 19 digits cannot overflow UInt64; the other two bounds keep the division exact.
        guard digits > 0 && digits <= 19 && mantissa <= (1 << 53) && fractionDigits <= 22 else { return nil }
        index = i
        let value = Double(mantissa) / powerOfTen(fractionDigits)
        return negative ? -value : value
    }

    /// The value of exactly `count` bytes at `start`, or nil when they are not a finite decimal number.
    static func parse(_ start: UnsafePointer<UInt8>, count: Int) -> Double? {
        if count <= 0 { return nil }
        var index = 0
        if let value = parsePrefix(start, from: &index, end: count), index == count { return value }
        let bytes = UnsafeBufferPointer(start: start, count: count)
        let allowed: Set<UInt8> = Set("0123456789+-.eE".utf8)
        guard bytes.allSatisfy({ allowed.contains($0) }),
              let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
