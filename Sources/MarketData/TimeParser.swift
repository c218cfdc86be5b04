/// Fixed-layout dates and timestamps from bytes, without Foundation formatters.
///
/// Dates: `YYYY-MM-DD`. Timestamps: `YYYY-MM-DDTHH:MM:SS` (or a space instead of `T`) followed
/// by `±HH:MM`, `±HHMM`, `Z`, or nothing. A timestamp without an offset (naive) is taken as UTC.
enum TimeParser {
    @inline(__always)
    private static func digits(_ p: UnsafePointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var value = 0
        for i in at..<(at + count) {
            let d = p[i] &- UInt8(ascii: "0")
            if d >= 10 { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for `YYYY-MM-DD` in the first 10 bytes, or nil.
    @inline(__always)
    static func day(_ p: UnsafePointer<UInt8>) -> Int64? {
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let year = digits(p, 0, 4), let month = digits(p, 5, 2), let day = digits(p, 8, 2),
              month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return BarTime.days(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 for exactly `YYYY-MM-DD`, or nil.
    @inline(__always)
    static func date(_ p: UnsafePointer<UInt8>, count: Int) -> Int64? {
        count == 10 ? day(p) : nil
    }

    /// UTC seconds and the written UTC offset (seconds) of a timestamp, or nil.
    @inline(__always)
    static func timestamp(_ p: UnsafePointer<UInt8>, count: Int) -> (seconds: Int64, offset: Int32)? {
        guard count >= 19, let days = day(p),
              p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " ") || p[10] == UInt8(ascii: "t"),
              p[13] == UInt8(ascii: ":"), p[16] == UInt8(ascii: ":"),
              let hour = digits(p, 11, 2), let minute = digits(p, 14, 2), let second = digits(p, 17, 2),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let local = days * 86400 + Int64(hour * 3600 + minute * 60 + second)
        var offset = 0
        switch count {
        case 19:
            break
        case 20:
            guard p[19] == UInt8(ascii: "Z") || p[19] == UInt8(ascii: "z") else { return nil }
        case 24, 25:
            let sign = p[19]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let oh = digits(p, 20, 2) else { return nil }
            let minuteAt = count == 25 ? 23 : 22
            guard count == 24 || p[22] == UInt8(ascii: ":"), let om = digits(p, minuteAt, 2),
                  oh <= 18, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        return (local - Int64(offset), Int32(offset))
    }

    /// Days since 1970-01-01 for a user-given `YYYY-MM-DD` (filters), or nil.
    static func day(text: String) -> Int64? {
        var copy = Array(text.utf8)
        return copy.withUnsafeMutableBufferPointer { buffer in
            buffer.count == 10 ? day(UnsafePointer(buffer.baseAddress!)) : nil
        }
    }
}
