import Vocabulary

/// The CSV time columns, read with the one ISO 8601 reader (`ISOTimestamp`, inlined here: it
/// runs for every row). Dates: exactly `YYYY-MM-DD`. Timestamps: `YYYY-MM-DDTHH:MM:SS` (or a
/// space instead of `T`) followed by `±HH:MM`, `±HHMM`, `Z`, or nothing; no fraction. A
/// timestamp without an offset (naive) is taken as UTC.
enum TimeParser {
    /// Days since 1970-01-01 for `YYYY-MM-DD` in the first 10 bytes, or nil.
    @inline(__always)
    static func day(_ p: UnsafePointer<UInt8>) -> Int64? {
        ISOTimestamp.date(p)
    }

    /// Days since 1970-01-01 for exactly `YYYY-MM-DD`, or nil.
    @inline(__always)
    static func date(_ p: UnsafePointer<UInt8>, count: Int) -> Int64? {
        count == 10 ? ISOTimestamp.date(p) : nil
    }

    /// UTC seconds and the written UTC offset (seconds) of a timestamp, or nil.
    @inline(__always)
    static func timestamp(_ p: UnsafePointer<UInt8>, count: Int) -> (seconds: Int64, offset: Int32)? {
        guard let stamp = ISOTimestamp.parse(p, count: count, accepting: [.noZone, .compactOffset]) else { return nil }
        return (stamp.seconds(), Int32(stamp.offset ?? 0))
    }

    /// Days since 1970-01-01 for a user-given `YYYY-MM-DD` (filters), or nil.
    static func day(text: String) -> Int64? {
        ISOTimestamp.day(text)
    }
}
