import Foundation
import Vocabulary

/// RFC 3339 timestamps as Alpaca writes them: UTC `Z` with up to nine fraction digits
/// (`2023-12-12T22:31:24.668464435Z`) or a New York offset (`2022-04-28T14:07:04-04:00`).
/// Read and written by the one fixed-layout reader and writer (`ISOTimestamp`; Foundation's
/// ISO 8601 parser stops at milliseconds on some platforms) and kept as `Date`s. Seconds and
/// a zone are required, a fraction is optional.
public enum RFC3339 {
    public static func parse(_ text: String) -> Date? {
        guard let stamp = ISOTimestamp(text, accepting: .fraction) else { return nil }
        return Date(timeIntervalSince1970: Double(stamp.seconds()) + Double(stamp.nanoseconds) / 1e9)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, whole seconds: the form Alpaca's query parameters accept
    /// everywhere (bars reject fractions of a second).
    public static func format(_ date: Date) -> String {
        ISOTimestamp.utcText(date)
    }

    /// Like `format` but keeps microseconds when there are any (for encoding model values).
    static func formatPrecise(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        let micros = Int64(((date.timeIntervalSince1970 - whole) * 1_000_000).rounded())
        guard micros > 0, micros < 1_000_000 else { return format(Date(timeIntervalSince1970: whole)) }
        return ISOTimestamp.text(Int64(whole), zulu: true, fraction: micros, fractionDigits: 6)
    }
}
