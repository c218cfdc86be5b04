/// Money and number text for messages and explanations: `$25,000` / `$9,980.50`, with
/// no locale and no Foundation formatter, so output is the same everywhere.
public enum Money {
    /// `$1,234.56`; whole amounts keep the cents only when `cents` is true.
    public static func text(_ value: Double, cents: Bool = true) -> String {
        guard value.isFinite else { return value.isNaN ? "unknown" : (value > 0 ? "unlimited" : "-unlimited") }
        let negative = value < 0
        // Beyond Int64's reach the grouping below would trap; such amounts are typos anyway.
        guard abs(value) < 1e15 else { return (negative ? "-$" : "$") + String(abs(value)) }
        let rounded = (abs(value) * 100).rounded() / 100
        var whole = Int64(rounded.rounded(.down))
        var hundredths = Int64(((rounded - Double(whole)) * 100).rounded())
        if hundredths == 100 { whole += 1; hundredths = 0 }
        var text = "$" + grouped(whole)
        if cents || hundredths != 0 { text += "." + (hundredths < 10 ? "0" : "") + String(hundredths) }
        return (negative ? "-" : "") + text
    }

    /// `12,345` with thousands separators.
    public static func grouped(_ value: Int64) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A plain number with at most `places` decimals and no trailing zeros: `401.23`, `10`.
    public static func number(_ value: Double, places: Int = 2) -> String {
        guard value.isFinite else { return value.isNaN ? "unknown" : String(value) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return Expr.format(rounded)
    }
}
