/// Money and number text for people — messages, explanations, reports, status lines —
/// without locales or Foundation formatters: always `$1,234.56`, never `1.234,56 $`, the same
/// on every machine. Rounding is half away from zero. An amount that is not a number reads
/// "unknown" (the word the policy's messages and the status use), an infinite one "unlimited".
public enum Money {
    /// `$1,234.56`, `-$20.00`; with `cents` false a whole amount has none (`$25,000`, but
    /// `$9,980.50`). An amount that rounds to zero has no sign.
    public static func text(_ value: Double, cents: Bool = true) -> String {
        guard value.isFinite else { return value.isNaN ? "unknown" : (value > 0 ? "unlimited" : "-unlimited") }
        var digits = grouped(abs(value), places: 2)
        let zero = digits == "0.00"
        if !cents && digits.hasSuffix(".00") { digits.removeLast(3) }
        return value < 0 && !zero ? "-$" + digits : "$" + digits
    }

    /// `12,345` with thousands separators.
    public static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `1,234.56` with a fixed number of decimals.
    public static func grouped(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "unknown" : plain(value) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond UInt64 the digits below would trap; such amounts are typos anyway.
        guard scaled < 9.0e18 else { return plain(value) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale)
        let fraction = units % UInt64(scale)
        var out = grouped(Int64(whole))
        if places > 0 {
            let f = String(fraction)
            out += "." + String(repeating: "0", count: places - f.count) + f
        }
        return value < 0 && units != 0 ? "-" + out : out
    }

    /// A plain number with at most `places` decimals and no trailing zeros: `401.23`, `10`.
    public static func number(_ value: Double, places: Int = 2) -> String {
        guard value.isFinite else { return value.isNaN ? "unknown" : plain(value) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return plain((value * scale).rounded() / scale)
    }

    /// The shortest text that reads back as the same number; whole numbers without `.0`
    /// (`24`, `401.23`, `0.5`; `NaN`, `inf`).
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// An indicator value or price as an operator reads it: two decimals with separators, or
    /// the plain number when it is too small for two decimals (`0.0042`).
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
