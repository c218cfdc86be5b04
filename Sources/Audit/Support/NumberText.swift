/// Number formatting for people, without locales: always `1,234.56`, never `1.234,56`, so
/// explanations and exports are the same on every machine.
public enum NumberText {
    /// `$1,234.56`, `-$20.00`.
    public static func money(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let text = grouped(abs(value), places: 2)
        return value < 0 && text != "0.00" ? "-$" + text : "$" + text
    }

    /// `1,234.56` with a fixed number of decimals (half away from zero).
    public static func grouped(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return plain(value) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale)
        let fraction = units % UInt64(scale)
        var digits = Array(String(whole))
        var out = ""
        while digits.count > 3 {
            out = "," + String(digits.suffix(3)) + out
            digits.removeLast(3)
        }
        out = String(digits) + out
        if places > 0 {
            let f = String(fraction)
            out += "." + String(repeating: "0", count: places - f.count) + f
        }
        return value < 0 && units != 0 ? "-" + out : out
    }

    /// The shortest text that reads back as the same number; whole numbers without `.0`
    /// (`24`, `401.23`, `0.5`).
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// An indicator value or price as an operator reads it: two decimals with separators,
    /// or the plain number when it is too small for two decimals (`0.0042`).
    public static func reading(_ value: Double?) -> String {
        guard let value else { return "n/a (not enough data)" }
        guard value.isFinite else { return plain(value) }
        if value != 0 && abs(value) < 0.01 { return plain(value) }
        return grouped(value, places: 2)
    }

    /// A quantity of shares: `24`, `2.5`, `1,200`.
    public static func quantity(_ value: Double) -> String {
        guard value.isFinite else { return plain(value) }
        if value == value.rounded() { return grouped(value, places: 0) }
        return plain(value)
    }
}
