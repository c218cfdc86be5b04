/// ISO 8601 / RFC 3339 timestamps in the fixed layouts algobot reads, parsed straight from
/// bytes: Foundation's formatters cost microseconds a call and follow the locale, and the CSV
/// loader reads a million of these in a fraction of a second. Printing is in
/// `ISOTimestamp+Text.swift`.
///
/// The layout is `YYYY-MM-DD`, optionally followed by `T` (or `t`, or a space) and `HH:MM`,
/// `:SS`, a fraction `.f…` (nanoseconds kept, later digits ignored) and a zone: `Z` (`z`),
/// `±HH:MM` or `±HHMM`. Every field is range-checked: month 1–12, a day that month has,
/// hour < 24, minute and second < 60, offsets up to ±18:00. Which of the optional parts a
/// reader accepts is its `Forms`.
public struct ISOTimestamp: Sendable, Equatable {
    /// The optional parts a reader accepts (seconds and a zone are required unless listed).
    public struct Forms: OptionSet, Sendable {
        public let rawValue: Int
        @inlinable public init(rawValue: Int) { self.rawValue = rawValue }

        /// `YYYY-MM-DD` alone.
        public static let date = Forms(rawValue: 1)
        /// A time without seconds (`HH:MM`).
        public static let minutes = Forms(rawValue: 2)
        /// A fraction of a second after the seconds.
        public static let fraction = Forms(rawValue: 4)
        /// No zone at all; what time that is, the reader decides (`seconds(assumingOffset:)`).
        public static let noZone = Forms(rawValue: 8)
        /// `±HHMM` as well as `±HH:MM`.
        public static let compactOffset = Forms(rawValue: 16)
    }

    /// The calendar day as written (days since 1970-01-01), local to the written offset.
    public var day: Int64
    /// Seconds into that day as written; nil for a date alone.
    public var secondOfDay: Int64?
    /// The fraction of the second in nanoseconds; 0 when none was written.
    public var nanoseconds: Int64
    /// The written UTC offset in seconds (`Z` is 0); nil when no zone was written.
    public var offset: Int?

    @inlinable
    public init(day: Int64, secondOfDay: Int64?, nanoseconds: Int64 = 0, offset: Int?) {
        self.day = day
        self.secondOfDay = secondOfDay
        self.nanoseconds = nanoseconds
        self.offset = offset
    }

    /// Whole seconds since 1970-01-01T00:00:00Z (the fraction is in `nanoseconds`). A date alone
    /// counts as its midnight; a time without a zone as `assumedOffset` ahead of UTC.
    @inlinable
    public func seconds(assumingOffset assumedOffset: Int = 0) -> Int64 {
        day * CivilDate.secondsPerDay + (secondOfDay ?? 0) - Int64(offset ?? assumedOffset)
    }

    /// Parses text in one of the `forms`; nil when it is anything else.
    public init?(_ text: String, accepting forms: Forms) {
        var text = text
        let parsed = text.withUTF8 { bytes -> ISOTimestamp? in
            guard let base = bytes.baseAddress else { return nil }
            return Self.parse(base, count: bytes.count, accepting: forms)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// The day number of exactly `YYYY-MM-DD` (a date a person typed), or nil.
    public static func day(_ text: String) -> Int64? {
        guard let stamp = ISOTimestamp(text, accepting: .date), stamp.secondOfDay == nil else { return nil }
        return stamp.day
    }

    /// Parses the `count` bytes at `p`; nil unless they are exactly one of the `forms`.
    @inlinable
    public static func parse(_ p: UnsafePointer<UInt8>, count: Int, accepting forms: Forms) -> ISOTimestamp? {
        guard count >= 10, let day = date(p) else { return nil }
        if count == 10 { return forms.contains(.date) ? ISOTimestamp(day: day, secondOfDay: nil, offset: nil) : nil }
        guard count >= 16, p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: "t") || p[10] == UInt8(ascii: " "),
              p[13] == UInt8(ascii: ":"), let hour = digits(p, 11, 2), let minute = digits(p, 14, 2), hour < 24, minute < 60
        else { return nil }
        var i = 16
        var second = 0
        var nanoseconds: Int64 = 0
        if i < count && p[i] == UInt8(ascii: ":") {
            guard i + 3 <= count, let s = digits(p, i + 1, 2), s < 60 else { return nil }
            second = s
            i += 3
            if i < count && p[i] == UInt8(ascii: ".") {
                guard forms.contains(.fraction) else { return nil }
                i += 1
                let start = i
                var scale: Int64 = 100_000_000
                while i < count, case let d = p[i] &- UInt8(ascii: "0"), d < 10 {
                    nanoseconds += Int64(d) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        } else if !forms.contains(.minutes) {
            return nil
        }
        var offset: Int? = nil
        if i == count {
            guard forms.contains(.noZone) else { return nil }
        } else if p[i] == UInt8(ascii: "Z") || p[i] == UInt8(ascii: "z") {
            guard i + 1 == count else { return nil }
            offset = 0
        } else if p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
            let minuteAt: Int
            if count == i + 6 && p[i + 3] == UInt8(ascii: ":") {
                minuteAt = i + 4
            } else if count == i + 5 && forms.contains(.compactOffset) {
                minuteAt = i + 3
            } else {
                return nil
            }
            guard let oh = digits(p, i + 1, 2), let om = digits(p, minuteAt, 2), oh <= 18, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (p[i] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        return ISOTimestamp(day: day, secondOfDay: Int64(hour * 3600 + minute * 60 + second), nanoseconds: nanoseconds,
                            offset: offset)
    }

    /// The day number of the `YYYY-MM-DD` in the 10 bytes at `p` (the caller makes sure there
    /// are 10), or nil when they are not a real date.
    @inlinable
    public static func date(_ p: UnsafePointer<UInt8>) -> Int64? {
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let year = digits(p, 0, 4), let month = digits(p, 5, 2), let day = digits(p, 8, 2),
              CivilDate.isValid(year: year, month: month, day: day)
        else { return nil }
        return CivilDate.days(year: year, month: month, day: day)
    }

    @inlinable @inline(__always)
    static func digits(_ p: UnsafePointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var value = 0
        for i in at..<(at + count) {
            let d = p[i] &- UInt8(ascii: "0")
            if d >= 10 { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }
}
