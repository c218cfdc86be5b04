/// A day of the proleptic Gregorian calendar, and the one place that turns a year, month and
/// day into a day number (days since 1970-01-01, negative before) and back, with Howard
/// Hinnant's algorithms. Instants elsewhere are whole seconds since 1970-01-01T00:00:00Z;
/// `day(containing:)` and `floorDiv` split them the same way before 1970 as after.
///
/// The arithmetic is `@inlinable`: MarketData's CSV loader runs it for every row.
public struct CivilDate: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int

    @inlinable
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of a day number.
    @inlinable
    public init(days z0: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: Int(yoe + era * 400 + (month <= 2 ? 1 : 0)), month: Int(month), day: Int(doy - (153 * mp + 2) / 5 + 1))
    }

    /// Days since 1970-01-01.
    @inlinable
    public var days: Int64 { Self.days(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of a year, month (1–12) and day; the date need not be checked
    /// (day 0 is the last day of the month before).
    @inlinable
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Whether the three numbers name a real day (month 1–12, day within that month).
    @inlinable
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month: month, year: year)
    }

    @inlinable
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int { Self.weekday(days) }

    /// The weekday of a day number, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    @inlinable
    public static func weekday(_ days: Int64) -> Int { Int(((days % 7) + 11) % 7) }

    public static func isWeekend(_ days: Int64) -> Bool {
        let weekday = weekday(days)
        return weekday == 0 || weekday == 6
    }

    /// The first Monday-to-Friday day after `days`.
    public static func nextWeekday(after days: Int64) -> Int64 {
        var next = days + 1
        while isWeekend(next) { next += 1 }
        return next
    }

    /// `YYYY-MM-DD`.
    public var text: String { ISOTimestamp.dateText(day: days) }
}

extension CivilDate {
    public static let secondsPerDay: Int64 = 86_400

    /// `a / b` rounded toward minus infinity (`b` > 0): -1 / 86400 is day -1, not day 0.
    @inlinable
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }

    /// The day number of the day an instant falls in, on a clock `seconds` counts in (UTC, or
    /// local seconds when an offset was added first).
    @inlinable
    public static func day(containing seconds: Int64) -> Int64 {
        floorDiv(seconds, secondsPerDay)
    }

    /// Seconds since the start of the day `seconds` falls in (0..<86400).
    @inlinable
    public static func secondOfDay(_ seconds: Int64) -> Int64 {
        seconds - day(containing: seconds) * secondsPerDay
    }
}
