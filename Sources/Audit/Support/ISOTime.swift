import Vocabulary

/// An instant as the audit reads and compares them (approval deadlines, `now`, export
/// filters, log times): seconds since 1970 as a double, and whether the text was a date alone.
/// The text itself is read and printed by `ISOTimestamp`, like every timestamp algobot handles.
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
        guard let stamp = ISOTimestamp(text, accepting: [.date, .minutes, .fraction, .noZone]) else { return nil }
        self.init(epochSeconds: Double(stamp.seconds()) + Double(stamp.nanoseconds) / 1e9, isDateOnly: stamp.secondOfDay == nil)
    }

    /// Whole seconds since 1970, rounded down.
    var wholeSeconds: Int64 { Int64(epochSeconds.rounded(.down)) }

    /// `2024-03-08T21:00:00Z` (whole seconds).
    var utcText: String { ISOTimestamp.utcText(wholeSeconds) }

    /// `2024-03-08T21:00:00.123Z` (milliseconds), for log lines.
    var utcTextMillis: String {
        let millis = Int64((epochSeconds * 1000).rounded(.down))
        let whole = CivilDate.floorDiv(millis, 1000)
        return ISOTimestamp.text(whole, zulu: true, fraction: millis - whole * 1000, fractionDigits: 3)
    }
}
