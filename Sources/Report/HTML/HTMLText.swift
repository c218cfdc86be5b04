import RuleLanguage
import Vocabulary

/// Text and numbers as they appear in the HTML report. Everything here is locale-free and
/// Foundation-free, so the same report renders to the same bytes on every machine.
enum HTMLText {
    /// Escapes `&<>"'` for element content and attribute values alike. Control characters
    /// that XML forbids become U+FFFD, so the page stays well-formed whatever the YAML held.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `value` with exactly `places` decimals and thousands separators: `1,234.50`, `-0.07`.
    static func fixed(_ value: Double, _ places: Int) -> String {
        value.isFinite ? Money.grouped(value, places: places) : "—"
    }

    /// `12.34%` (two decimals).
    static func percent(_ value: Double?) -> String { value.map { fixed($0, 2) + "%" } ?? "—" }

    /// `$12,345.67`; `—` when unknown.
    static func money(_ value: Double?) -> String { value.map { Money.text($0) } ?? "—" }

    /// A price: `$97.84`, four decimals only when the price needs them (sub-dollar quotes).
    static func price(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return abs(value) < 1 ? "$" + fixed(value, 4) : Money.text(value)
    }

    /// Share counts: whole shares without decimals, fractional ones with up to six.
    static func quantity(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return value.rounded() == value && abs(value) < 1e15 ? Money.grouped(Int64(value)) : Money.number(value, places: 6)
    }

    /// SVG coordinates: one decimal, no grouping, no `-0.0`.
    static func coordinate(_ value: Double) -> String {
        // Points are scaled into the chart; anything else (NaN, a runaway value) is drawn at 0
        // rather than trapping in the Int64 conversion.
        guard value.isFinite, abs(value) < 1e15 else { return "0" }
        let tenths = Int64((value * 10).rounded())
        let whole = abs(tenths) / 10, fraction = abs(tenths) % 10
        return (tenths < 0 ? "-" : "") + String(whole) + (fraction == 0 ? "" : "." + String(fraction))
    }

    /// CSS class for a signed figure: gains green, losses red.
    /// `pos` when `mine` is better than `theirs` (higher is better), `neg` when worse, nothing
    /// when either is unknown or they are equal: a report colours a figure by how it compares
    /// with the benchmark, not by its sign.
    static func compareClass(_ mine: Double?, _ theirs: Double?) -> String {
        guard let mine, let theirs, mine.isFinite, theirs.isFinite else { return "" }
        return mine > theirs ? "pos" : mine < theirs ? "neg" : ""
    }

    static func signClass(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return value > 0 ? "pos" : value < 0 ? "neg" : ""
    }
}
