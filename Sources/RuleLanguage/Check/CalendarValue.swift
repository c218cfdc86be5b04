import Vocabulary

/// The calendar of the bar's start in New York time, as numbers a condition compares:
/// `day_of_week < 5` (no new entries on Fridays), `hour >= 10`. Daily bars carry a trading
/// date and no time of day, so their `hour` and `minute` are 0 (docs/RULES.md, "Calendar").
/// The engine works each symbol's column out once (`InputColumns`), through `NewYorkTime`.
package enum CalendarValue: Int, CaseIterable, Sendable, Hashable {
    /// 1 = Monday … 5 = Friday (6, 7 for weekend bars), ISO 8601's numbering.
    case dayOfWeek
    /// 1 … 31.
    case dayOfMonth
    /// 1 = January … 12 = December.
    case month
    /// 0 … 23, New York wall clock.
    case hour
    /// 0 … 59.
    case minute

    package var name: String { ["day_of_week", "day_of_month", "month", "hour", "minute"][rawValue] }

    /// Spellings people bring from other tools (Pine's `dayofweek`, pandas' `weekday`), so
    /// lint says which name we use instead of "unknown name".
    static let aliases: [String: CalendarValue] = [
        "dayofweek": .dayOfWeek, "weekday": .dayOfWeek, "day_of_the_week": .dayOfWeek, "dow": .dayOfWeek, "wday": .dayOfWeek,
        "dayofmonth": .dayOfMonth, "day": .dayOfMonth, "mday": .dayOfMonth, "monthday": .dayOfMonth,
        "hours": .hour, "hour_of_day": .hour, "minutes": .minute, "min_of_hour": .minute, "months": .month,
    ]

    /// The value on a New York wall-clock instant (local seconds since 1970-01-01T00:00).
    package func value(localSeconds: Int64) -> Double {
        let day = CivilDate.day(containing: localSeconds)
        switch self {
        case .dayOfWeek:
            let weekday = CivilDate.weekday(day)     // 0 = Sunday
            return Double(weekday == 0 ? 7 : weekday)
        case .dayOfMonth: return Double(CivilDate(days: day).day)
        case .month: return Double(CivilDate(days: day).month)
        case .hour: return Double(CivilDate.secondOfDay(localSeconds) / 3600)
        case .minute: return Double(CivilDate.secondOfDay(localSeconds) % 3600 / 60)
        }
    }
}
