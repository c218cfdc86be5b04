/// The fixed ISO 8601 layouts the audit uses, parsed and printed by hand: Foundation's date
/// formatters are slow and locale-sensitive, and everything here must be deterministic.
///
/// Accepted: `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z`,
/// `±HH:MM` or nothing (nothing means UTC).
struct ISOTime: Sendable, Equatable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    var epochSeconds: Double
    /// True when the text had no time of day.
    var isDateOnly: Bool

    static func < (lhs: ISOTime, rhs: ISOTime) -> Bool { lhs.epochSeconds < rhs.epochSeconds }

    init(epochSeconds: Double, isDateOnly: Bool = false) {
        self.epochSeconds = epochSeconds
        self.isDateOnly = isDateOnly
    }

    init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = Self.number(b, 0, 4), let month = Self.number(b, 5, 2), let day = Self.number(b, 8, 2),
              (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        if b.count == 10 {
            self.init(epochSeconds: Double(days) * 86_400, isDateOnly: true)
            return
        }
        guard b.count >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), b[13] == UInt8(ascii: ":"),
              let hour = Self.number(b, 11, 2), let minute = Self.number(b, 14, 2), hour < 24, minute < 60
        else { return nil }
        var i = 16
        var seconds = 0.0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let s = Self.number(b, i + 1, 2), s < 61 else { return nil }
            seconds = Double(s)
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 0.1
                let start = i
                while i < b.count, let d = Self.digit(b[i]) {
                    seconds += Double(d) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }
        var offset = 0
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") && i + 1 == b.count {
                offset = 0
            } else if (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) && b.count == i + 6, b[i + 3] == UInt8(ascii: ":"),
                      let oh = Self.number(b, i + 1, 2), let om = Self.number(b, i + 4, 2) {
                offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        let local = Double(days) * 86_400 + Double(hour * 3600 + minute * 60) + seconds
        self.init(epochSeconds: local - Double(offset))
    }

    /// `2024-03-08T21:00:00Z` (whole seconds).
    var utcText: String {
        let whole = Int((epochSeconds).rounded(.down))
        let (days, secs) = Self.split(whole)
        let date = CivilDate(daysSinceEpoch: days)
        return "\(date.text)T\(Self.pad(secs / 3600)):\(Self.pad(secs % 3600 / 60)):\(Self.pad(secs % 60))Z"
    }

    /// `2024-03-08T21:00:00.123Z` (milliseconds), for log lines.
    var utcTextMillis: String {
        let millis = Int((epochSeconds * 1000).rounded(.down))
        let whole = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let ms = millis - whole * 1000
        let base = ISOTime(epochSeconds: Double(whole)).utcText
        let frac = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return base.dropLast() + ".\(frac)Z"
    }

    /// The UTC calendar day of this instant.
    var utcDate: CivilDate {
        CivilDate(daysSinceEpoch: Self.split(Int(epochSeconds.rounded(.down))).days)
    }

    private static func split(_ seconds: Int) -> (days: Int, seconds: Int) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        return (days, rest)
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func digit(_ c: UInt8) -> Int? {
        c >= 48 && c <= 57 ? Int(c - 48) : nil
    }

    private static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var n = 0
        for i in start..<(start + count) {
            guard let d = digit(b[i]) else { return nil }
            n = n * 10 + d
        }
        return n
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A proleptic Gregorian calendar day (Howard Hinnant's days-from-civil algorithms).
struct CivilDate: Sendable, Equatable {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday … 6 = Saturday.
    var weekday: Int {
        let d = daysSinceEpoch
        return ((d % 7) + 7 + 4) % 7
    }

    var text: String {
        let y = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(y)-\(ISOTime.pad(month))-\(ISOTime.pad(day))"
    }

    /// The `n`-th (1-based) given weekday of a month.
    static func nth(_ n: Int, weekday: Int, month: Int, year: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)
        let delta = (weekday - first.weekday + 7) % 7
        return CivilDate(year: year, month: month, day: 1 + delta + 7 * (n - 1))
    }
}
