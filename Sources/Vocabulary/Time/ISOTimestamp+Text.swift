import Foundation

/// Printing the fixed layouts, byte by byte (no formatter, no locale): every timestamp that
/// algobot writes — bar times, audit and log times, Alpaca query and wire times — comes from
/// here, so they all look the same.
extension ISOTimestamp {
    /// `YYYY-MM-DD` of a day number.
    public static func dateText(day: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        appendDate(CivilDate(days: day), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DD` of the UTC day an instant falls in.
    public static func dateText(utc seconds: Int64) -> String {
        dateText(day: CivilDate.day(containing: seconds))
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM`: the instant `seconds` as a clock `offset` seconds ahead of
    /// UTC shows it; `Z` instead of `+00:00` when `zulu` is set and the offset is zero. With
    /// `fractionDigits` > 0, `.` and `fraction` in that many digits follow the seconds
    /// (`fraction` counts units of 10^-fractionDigits seconds).
    public static func text(_ seconds: Int64, offset: Int = 0, zulu: Bool = false,
                            fraction: Int64 = 0, fractionDigits: Int = 0) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(35)
        let local = seconds + Int64(offset)
        let secondOfDay = Int(CivilDate.secondOfDay(local))
        appendDate(CivilDate(days: CivilDate.day(containing: local)), to: &out)
        out.append(UInt8(ascii: "T"))
        ByteText.appendDigits(secondOfDay / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        ByteText.appendDigits(secondOfDay / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        ByteText.appendDigits(secondOfDay % 60, width: 2, to: &out)
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            ByteText.appendDigits(Int(fraction), width: fractionDigits, to: &out)
        }
        if offset == 0 && zulu {
            out.append(UInt8(ascii: "Z"))
        } else {
            out.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            ByteText.appendDigits(abs(offset) / 3600, width: 2, to: &out)
            out.append(UInt8(ascii: ":"))
            ByteText.appendDigits(abs(offset) / 60 % 60, width: 2, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `2024-03-08T21:00:00Z`.
    public static func utcText(_ seconds: Int64) -> String {
        text(seconds, zulu: true)
    }

    /// `2024-03-08T21:00:00Z`: a date in whole seconds (rounded down).
    public static func utcText(_ date: Date) -> String {
        utcText(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    private static func appendDate(_ date: CivilDate, to out: inout [UInt8]) {
        if date.year < 0 { out.append(UInt8(ascii: "-")) }
        ByteText.appendDigits(abs(date.year), width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        ByteText.appendDigits(date.month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        ByteText.appendDigits(date.day, width: 2, to: &out)
    }
}
