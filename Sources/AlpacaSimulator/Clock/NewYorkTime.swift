import MarketData

/// America/New_York without a time-zone database: US daylight-saving rules as fixed offsets
/// (−05:00 standard, −04:00 daylight). From 2007 daylight time runs from the second Sunday of
/// March to the first Sunday of November; 1987–2006 from the first Sunday of April to the last
/// Sunday of October. Days are counted from 1970-01-01, instants in seconds (UTC).
enum NewYorkTime {
    static let standardOffset: Int64 = -5 * 3600
    static let daylightOffset: Int64 = -4 * 3600
    static let sessionOpenSeconds: Int64 = 9 * 3600 + 30 * 60
    static let sessionCloseSeconds: Int64 = 16 * 3600

    /// First and last-plus-one local date of daylight time in `year`.
    static func daylightDates(year: Int) -> (start: Int64, end: Int64) {
        if year >= 2007 {
            return (nthSunday(year: year, month: 3, n: 2), nthSunday(year: year, month: 11, n: 1))
        }
        let october31 = BarTime.days(year: year, month: 10, day: 31)
        return (nthSunday(year: year, month: 4, n: 1), october31 - Int64(weekday(october31)))
    }

    /// UTC offset in seconds that applies on a local calendar date during the day (sessions
    /// never straddle the 02:00 switch).
    static func offset(localDate days: Int64) -> Int64 {
        let year = BarTime.civil(days: days).year
        let range = daylightDates(year: year)
        return days >= range.start && days < range.end ? daylightOffset : standardOffset
    }

    /// UTC offset at an instant; the switch happens at 02:00 local time.
    static func offset(utc seconds: Int64) -> Int64 {
        let year = BarTime.civil(days: floorDiv(seconds, 86400)).year
        let range = daylightDates(year: year)
        let start = range.start * 86400 + 7 * 3600
        let end = range.end * 86400 + 6 * 3600
        return seconds >= start && seconds < end ? daylightOffset : standardOffset
    }

    static func localDate(utc seconds: Int64) -> Int64 {
        floorDiv(seconds + offset(utc: seconds), 86400)
    }

    static func secondOfDay(utc seconds: Int64) -> Int64 {
        let local = seconds + offset(utc: seconds)
        return local - floorDiv(local, 86400) * 86400
    }

    /// The UTC instant of a local wall-clock time on a date.
    static func instant(localDate days: Int64, secondOfDay: Int64) -> Int64 {
        days * 86400 + secondOfDay - offset(localDate: days)
    }

    static func sessionOpen(localDate days: Int64) -> Int64 { instant(localDate: days, secondOfDay: sessionOpenSeconds) }
    static func sessionClose(localDate days: Int64) -> Int64 { instant(localDate: days, secondOfDay: sessionCloseSeconds) }

    /// 0 = Sunday … 6 = Saturday.
    static func weekday(_ days: Int64) -> Int {
        Int(((days % 7) + 11) % 7)
    }

    static func isWeekend(_ days: Int64) -> Bool {
        let day = weekday(days)
        return day == 0 || day == 6
    }

    static func nextWeekday(after days: Int64) -> Int64 {
        var next = days + 1
        while isWeekend(next) { next += 1 }
        return next
    }

    static func nthSunday(year: Int, month: Int, n: Int) -> Int64 {
        let first = BarTime.days(year: year, month: month, day: 1)
        let toSunday = Int64((7 - weekday(first)) % 7)
        return first + toSunday + Int64(n - 1) * 7
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }
}
