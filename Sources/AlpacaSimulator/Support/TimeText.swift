import MarketData

/// Instants are microseconds since 1970-01-01 UTC (`Micros`): trading timestamps need sub-second
/// order (several orders in one simulated second) and `after`/`until` filters compare them exactly.
typealias Micros = Int64

enum TimeText {
    static let microsPerSecond: Int64 = 1_000_000

    /// `2021-03-01T21:00:00.000001Z`: Alpaca's trading timestamps always carry a fraction.
    static func utc(_ micros: Micros) -> String {
        let seconds = NewYorkTime.floorDiv(micros, microsPerSecond)
        let fraction = micros - seconds * microsPerSecond
        let base = BarTime.timestampText(seconds, offsetSeconds: 0, zulu: true)
        return String(base.dropLast()) + "." + pad(fraction, 6) + "Z"
    }

    /// `2022-02-01T05:00:00Z` for bar timestamps (whole seconds, as the data API writes them).
    static func utcSeconds(_ seconds: Int64) -> String {
        BarTime.timestampText(seconds, offsetSeconds: 0, zulu: true)
    }

    /// `2022-04-28T16:00:00-04:00`, optionally with nanoseconds like the clock's `timestamp`.
    static func newYork(_ seconds: Int64, nanoseconds: Int64? = nil) -> String {
        let offset = Int(NewYorkTime.offset(utc: seconds))
        let text = BarTime.timestampText(seconds, offsetSeconds: offset)
        guard let nanoseconds else { return text }
        let split = text.index(text.startIndex, offsetBy: 19)
        return String(text[..<split]) + "." + pad(nanoseconds, 9) + String(text[split...])
    }

    /// Alpaca's activity id prefix: New York local `YYYYMMDDHHMMSSmmm`.
    static func activityPrefix(_ micros: Micros) -> String {
        let seconds = NewYorkTime.floorDiv(micros, microsPerSecond)
        let local = BarTime.timestampText(seconds, offsetSeconds: Int(NewYorkTime.offset(utc: seconds)))
        let digits = local.prefix(19).filter { $0.isNumber }
        return digits + pad((micros - seconds * microsPerSecond) / 1000, 3)
    }

    /// Parses `YYYY-MM-DD` (a New York calendar day: its start, or its last microsecond when
    /// `endOfDay`) or RFC 3339 with `Z` or `±HH:MM` and an optional fraction.
    static func parse(_ text: String, endOfDay: Bool = false) -> Micros? {
        let c = Array(text.utf8)
        guard c.count >= 10, let year = number(c, 0, 4), c[4] == 45, let month = number(c, 5, 2), c[7] == 45,
              let day = number(c, 8, 2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let date = BarTime.days(year: year, month: month, day: day)
        if c.count == 10 {
            let start = NewYorkTime.instant(localDate: date, secondOfDay: 0) * microsPerSecond
            return endOfDay ? NewYorkTime.instant(localDate: date + 1, secondOfDay: 0) * microsPerSecond - 1 : start
        }
        guard c.count >= 20, c[10] == 84 || c[10] == 116, let hour = number(c, 11, 2), c[13] == 58,
              let minute = number(c, 14, 2), c[16] == 58, let second = number(c, 17, 2) else { return nil }
        var index = 19
        var micros: Int64 = 0
        if c[index] == 46 {
            index += 1
            var digits = 0
            while index < c.count, (48...57).contains(c[index]) {
                if digits < 6 { micros = micros * 10 + Int64(c[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        }
        var offset: Int64 = 0
        if index < c.count, c[index] == 90 || c[index] == 122 {
            index += 1
        } else if index + 6 == c.count, c[index] == 43 || c[index] == 45,
                  let oh = number(c, index + 1, 2), c[index + 3] == 58, let om = number(c, index + 4, 2) {
            offset = Int64(oh * 3600 + om * 60) * (c[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == c.count else { return nil }
        let seconds = date * 86400 + Int64(hour * 3600 + minute * 60 + second) - offset
        return seconds * microsPerSecond + micros
    }

    private static func number(_ c: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= c.count else { return nil }
        var value = 0
        for byte in c[start..<(start + length)] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
