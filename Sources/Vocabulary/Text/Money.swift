import Foundation

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

    /// Numbers a sentence compares (a value and its previous bar, the sides of a cross) as an
    /// operator reads them: like `reading`, but with at least `significant` significant
    /// digits, and more decimals whenever two different numbers would read the same, so a
    /// cross never shows as `0.25 (previous bar 0.25)`: `0.2531`, `0.2468`; `401.23`;
    /// `0.25000001`, `0.25`. Trailing zeros beyond two decimals are dropped.
    public static func distinguishing(_ values: [Double?], significant: Int = 4) -> [String] {
        func decimals(_ v: Double) -> Int {
            guard v != 0 else { return 2 }
            return max(2, significant - 1 - Int((log10(abs(v))).rounded(.down)))
        }
        func text(_ value: Double?, extra: Int) -> String {
            guard let v = value, v.isFinite else { return reading(value) }
            var digits = grouped(v, places: min(decimals(v) + extra, 17))
            guard let dot = digits.firstIndex(of: "."), digits.contains(where: { $0 == "e" }) == false else { return digits }
            while digits.last == "0" && digits.distance(from: dot, to: digits.endIndex) > 3 { digits.removeLast() }
            return digits
        }
        for extra in 0...17 {
            let texts = values.map { text($0, extra: extra) }
            let clash = values.indices.contains { i in
                values.indices.contains { j in
                    guard i < j, let a = values[i], let b = values[j], a.isFinite, b.isFinite else { return false }
                    return a != b && texts[i] == texts[j]
                }
            }
            if !clash { return texts }
        }
        return values.map { $0.map(plain) ?? reading(nil) }
    }

    /// A quantity of shares: `24`, `2.5`, `1,200`.
    public static func quantity(_ value: Double) -> String {
        guard value.isFinite else { return plain(value) }
        if value == value.rounded() { return grouped(value, places: 0) }
        return plain(value)
    }
}
