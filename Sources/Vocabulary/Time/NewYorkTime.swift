import Foundation

/// America/New_York, the exchange's clock, from the tz database: approval expiry, the live
/// runner's bar times and the simulator's sessions and calendar all ask here. Instants are
/// whole seconds since 1970-01-01T00:00:00Z; New York days are day numbers (`CivilDate`).
///
/// The zone's rules are Foundation's (`TimeZone(identifier:)`; on Linux its bundled ICU copy
/// of the tz database, linked into the binary), so dates before 2007 get the rules of their
/// time. The offsets of 1970–2100 are read from it once into a table of transitions: a lookup
/// is a binary search over ~260 instants, several times faster than asking `TimeZone` each
/// time, which the simulator would do for every bar (docs/ARCHITECTURE.md, "Vocabulary").
/// Other instants ask `TimeZone` directly.
public enum NewYorkTime {
    /// A constant identifier that Foundation's own zone data always has (a test checks it).
    public static let zone = TimeZone(identifier: "America/New_York")!
    /// The regular session: 09:30 to 16:00 New York time.
    public static let sessionOpenSeconds: Int64 = 9 * 3600 + 30 * 60
    public static let sessionCloseSeconds: Int64 = 16 * 3600

    static let table = Transitions(zone: zone, from: 0, until: 4_102_444_800)

    /// UTC offset in seconds at an instant (−18000 standard time, −14400 daylight time).
    public static func offset(utc seconds: Int64) -> Int {
        table.offset(at: seconds) ?? zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// The New York calendar day of an instant.
    public static func localDate(utc seconds: Int64) -> Int64 {
        CivilDate.day(containing: seconds + Int64(offset(utc: seconds)))
    }

    /// Seconds since New York midnight at an instant.
    public static func secondOfDay(utc seconds: Int64) -> Int64 {
        CivilDate.secondOfDay(seconds + Int64(offset(utc: seconds)))
    }

    /// The instant a New York wall clock shows `secondOfDay` on a New York day. A wall time
    /// that happens twice (the autumn hour) is its first instant; one that never happens (the
    /// spring hour) moves on by the hour that was skipped (02:30 is 03:30 daylight time), as
    /// Foundation's calendar does.
    public static func instant(localDate day: Int64, secondOfDay: Int64) -> Int64 {
        let wall = day * CivilDate.secondsPerDay + secondOfDay
        // The true instant is within five hours of `wall` read as UTC, and transitions are
        // months apart: the offsets a day either side are the only candidates.
        let before = Int64(offset(utc: wall - CivilDate.secondsPerDay))
        let after = Int64(offset(utc: wall + CivilDate.secondsPerDay))
        let early = wall - before, late = wall - after
        if before == after { return early }
        let earlyHolds = Int64(offset(utc: early)) == before, lateHolds = Int64(offset(utc: late)) == after
        switch (earlyHolds, lateHolds) {
        case (true, true): return min(early, late)
        case (false, true): return late
        default: return early
        }
    }

    /// When the regular session of a New York day opens and closes.
    public static func sessionOpen(localDate day: Int64) -> Int64 { instant(localDate: day, secondOfDay: sessionOpenSeconds) }
    public static func sessionClose(localDate day: Int64) -> Int64 { instant(localDate: day, secondOfDay: sessionCloseSeconds) }

    /// The instants at which the zone's offset changes between `from` and `until`, and the
    /// offset from each one on, read once from the zone.
    struct Transitions: Sendable {
        let from: Int64
        let until: Int64
        /// `starts[0] == from`; `offsets[i]` holds from `starts[i]` to `starts[i + 1]`.
        private(set) var starts: [Int64] = []
        private(set) var offsets: [Int] = []

        init(zone: TimeZone, from: Int64, until: Int64) {
            self.from = from
            self.until = until
            var at = Date(timeIntervalSince1970: Double(from))
            starts.append(from)
            offsets.append(zone.secondsFromGMT(for: at))
            while let next = zone.nextDaylightSavingTimeTransition(after: at), next.timeIntervalSince1970 < Double(until) {
                at = next
                starts.append(Int64(next.timeIntervalSince1970))
                offsets.append(zone.secondsFromGMT(for: next))
            }
        }

        /// The offset at an instant inside the table; nil outside it.
        func offset(at seconds: Int64) -> Int? {
            guard seconds >= from && seconds < until else { return nil }
            var low = 0, high = starts.count
            while low < high {
                let mid = (low + high) / 2
                if starts[mid] <= seconds { low = mid + 1 } else { high = mid }
            }
            return offsets[low - 1]
        }
    }
}
