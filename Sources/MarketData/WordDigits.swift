/// Runs of decimal digits read 8 bytes at a time (SWAR): where the run ends and its value,
/// without a branch per byte. A CSV price such as `100.0052` is two words: the integer
/// digits and the fraction digits, each found and converted in a few instructions, where a
/// byte loop mispredicts its exit on every field. The results are exactly those of the byte
/// loop in `DecimalParser.parsePrefix`, which takes whatever this declines.
enum WordDigits {
    /// The 8 bytes at `p`, the first in the lowest byte.
    @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// How many of the word's bytes, from the first, are ASCII digits (8 when all are).
    @inline(__always)
    static func digitCount(_ w: UInt64) -> Int {
        // A byte is a digit when its high nibble is 3 and its low nibble is below 10 (adding
        // 6 to the low nibble alone never carries into the next byte).
        let highNot3 = (w & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030
        let lowAbove9 = ((w & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010
        let other = highNot3 | lowAbove9
        // The top bit of each byte that is not zero, then the first such byte.
        let flags = (((other & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | other) & 0x8080_8080_8080_8080
        return flags.trailingZeroBitCount >> 3
    }

    /// The value of the first `count` (1 ... 7) digits of `w`.
    @inline(__always)
    static func value(_ w: UInt64, count: Int) -> UInt64 {
        // Shifted up, the digits are the last of eight, led by zero bytes: the classic
        // eight-digit conversion (pairs, then fours, then eight) then gives their value.
        var v = (w &- 0x3030_3030_3030_3030) << UInt64(8 * (8 - count))
        v = v &* 10 &+ (v >> 8)
        v = ((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064
            &+ ((v >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) >> 32
        return v & 0xFFFF_FFFF
    }

    /// `digits[.digits]` at `i` with at most 7 digits on each side and 8 readable bytes
    /// where each word is read: the digits as one integer, how many follow the point, and
    /// where the number stops. Nil for anything else (more digits, no digits, near the end).
    @inline(__always)
    static func decimal(_ base: UnsafePointer<UInt8>, from i: Int, end: Int) -> (mantissa: UInt64, fractionDigits: Int, stop: Int)? {
        guard i + 8 <= end else { return nil }
        let first = word(base + i)
        let integerDigits = digitCount(first)
        guard integerDigits < 8 else { return nil }
        let integer = integerDigits == 0 ? 0 : value(first, count: integerDigits)
        let point = i + integerDigits
        guard base[point] == UInt8(ascii: ".") else {
            return integerDigits == 0 ? nil : (integer, 0, point)
        }
        guard point + 9 <= end else { return nil }
        let second = word(base + point + 1)
        let fractionDigits = digitCount(second)
        guard fractionDigits < 8, integerDigits + fractionDigits > 0 else { return nil }
        let fraction = fractionDigits == 0 ? 0 : value(second, count: fractionDigits)
        return (integer &* tenTo(fractionDigits) &+ fraction, fractionDigits, point + 1 + fractionDigits)
    }

    @inline(__always)
    private static func tenTo(_ k: Int) -> UInt64 {
        switch k {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        default: 10_000_000
        }
    }
}
