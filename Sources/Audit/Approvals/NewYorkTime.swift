/// America/New_York without a time-zone database: fixed offsets (EST −05:00, EDT −04:00)
/// and the US daylight-saving rule in force since 2007 (from the second Sunday of March
/// at 02:00 local to the first Sunday of November at 02:00 local). Good for the years the
/// bot trades in; it does not know the pre-2007 rule.
public enum NewYorkTime {
    /// Whether daylight saving time is in force at this instant.
    static func isDaylightSaving(atEpoch seconds: Double) -> Bool {
        let year = ISOTime(epochSeconds: seconds).utcDate.year
        let (start, end) = dstBoundsUTC(year: year)
        return seconds >= start && seconds < end
    }

    /// UTC offset in seconds (−14400 or −18000) at this instant.
    public static func utcOffset(atEpoch seconds: Double) -> Int {
        isDaylightSaving(atEpoch: seconds) ? -4 * 3600 : -5 * 3600
    }

    /// The New York calendar day of an instant.
    static func localDate(atEpoch seconds: Double) -> CivilDate {
        ISOTime(epochSeconds: seconds + Double(utcOffset(atEpoch: seconds))).utcDate
    }

    /// The instant of `hour:minute` New York time on a New York calendar day.
    static func instant(on date: CivilDate, hour: Int, minute: Int) -> ISOTime {
        let localSeconds = Double(date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60)
        // Try standard time first; if that instant falls in daylight time, use daylight.
        let standard = localSeconds + 5 * 3600
        let daylight = localSeconds + 4 * 3600
        return ISOTime(epochSeconds: isDaylightSaving(atEpoch: daylight) ? daylight : standard)
    }

    /// The end of the trading day of the day a decision was made: `hour:minute` (16:00 by
    /// default) New York time, as UTC text (`2024-03-08T21:00:00Z`). A date-only `at`
    /// (a daily bar) is that New York day; a timestamp is converted to New York first.
    /// Returns nil when `at` is not ISO 8601.
    public static func endOfTradingDay(for at: String, hour: Int = 16, minute: Int = 0) -> String? {
        guard let time = ISOTime(at) else { return nil }
        let day = time.isDateOnly ? time.utcDate : localDate(atEpoch: time.epochSeconds)
        return instant(on: day, hour: hour, minute: minute).utcText
    }

    /// DST start and end instants (UTC epoch seconds) of a year.
    private static func dstBoundsUTC(year: Int) -> (Double, Double) {
        let start = CivilDate.nth(2, weekday: 0, month: 3, year: year)
        let end = CivilDate.nth(1, weekday: 0, month: 11, year: year)
        // 02:00 EST = 07:00Z; 02:00 EDT = 06:00Z.
        return (Double(start.daysSinceEpoch * 86_400 + 7 * 3600), Double(end.daysSinceEpoch * 86_400 + 6 * 3600))
    }
}
