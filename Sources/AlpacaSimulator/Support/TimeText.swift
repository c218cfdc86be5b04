import Vocabulary

/// Instants are microseconds since 1970-01-01 UTC (`Micros`): trading timestamps need sub-second
/// order (several orders in one simulated second) and `after`/`until` filters compare them exactly.
typealias Micros = Int64

/// The simulator's wire times, written and read with the one fixed-layout writer and reader
/// (`ISOTimestamp`), in New York time (`NewYorkTime`) where Alpaca uses it.
enum TimeText {
    static let microsPerSecond: Int64 = 1_000_000

    /// The whole second an instant falls in.
    static func seconds(_ micros: Micros) -> Int64 {
        CivilDate.floorDiv(micros, microsPerSecond)
    }

    /// `2021-03-01T21:00:00.000001Z`: Alpaca's trading timestamps always carry a fraction.
    static func utc(_ micros: Micros) -> String {
        let seconds = seconds(micros)
        return ISOTimestamp.text(seconds, zulu: true, fraction: micros - seconds * microsPerSecond, fractionDigits: 6)
    }

    /// `2022-02-01T05:00:00Z` for bar timestamps (whole seconds, as the data API writes them).
    static func utcSeconds(_ seconds: Int64) -> String {
        ISOTimestamp.utcText(seconds)
    }

    /// `2022-04-28T16:00:00-04:00`, optionally with nanoseconds like the clock's `timestamp`.
    static func newYork(_ seconds: Int64, nanoseconds: Int64? = nil) -> String {
        ISOTimestamp.text(seconds, offset: NewYorkTime.offset(utc: seconds), fraction: nanoseconds ?? 0,
                          fractionDigits: nanoseconds == nil ? 0 : 9)
    }

    /// Alpaca's activity id prefix: New York local `YYYYMMDDHHMMSSmmm`.
    static func activityPrefix(_ micros: Micros) -> String {
        let seconds = seconds(micros)
        let local = ISOTimestamp.text(seconds, offset: NewYorkTime.offset(utc: seconds),
                                      fraction: (micros - seconds * microsPerSecond) / 1000, fractionDigits: 3)
        return String(local.prefix(23).filter(\.isNumber))
    }

    /// Parses `YYYY-MM-DD` (a New York calendar day: its start, or its last microsecond when
    /// `endOfDay`) or RFC 3339 with `Z` or `±HH:MM` and an optional fraction.
    static func parse(_ text: String, endOfDay: Bool = false) -> Micros? {
        guard let stamp = ISOTimestamp(text, accepting: [.date, .fraction]) else { return nil }
        guard stamp.secondOfDay != nil else {
            let start = NewYorkTime.instant(localDate: stamp.day, secondOfDay: 0) * microsPerSecond
            return endOfDay ? NewYorkTime.instant(localDate: stamp.day + 1, secondOfDay: 0) * microsPerSecond - 1 : start
        }
        return stamp.seconds() * microsPerSecond + stamp.nanoseconds / 1000
    }
}
