/// The sanity rules every bar must pass, whether it comes from a CSV row, the store or an API.
enum BarCheck {
    struct Problem {
        let kind: DataError.Kind
        let column: String
        let message: String
        let fix: String
    }

    /// Nil when the bar is sane. The common case is one chain of comparisons; the reasons are
    /// worked out only for a bad bar. NaN fails every comparison, so it is rejected too.
    @inline(__always)
    static func problem(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Problem? {
        if low > 0 && low <= open && low <= close && high >= open && high >= close && volume >= 0
            && high.isFinite && volume.isFinite {
            return nil
        }
        return describe(open: open, high: high, low: low, close: close, volume: volume)
    }

    private static func describe(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Problem {
        let fixPrice = "correct the price or remove the row"
        for (name, value) in [("open", open), ("high", high), ("low", low), ("close", close)] where !(value > 0 && value.isFinite) {
            return Problem(kind: .nonPositivePrice, column: name,
                           message: "\(name) must be a positive price, found \(text(value))", fix: fixPrice)
        }
        if !(volume >= 0 && volume.isFinite) {
            return Problem(kind: .negativeVolume, column: "volume",
                           message: "volume must not be negative, found \(text(volume))",
                           fix: "correct the volume or remove the row")
        }
        let fixRange = "correct the prices so that low <= open, close <= high"
        if high < low {
            return Problem(kind: .highBelowLow, column: "high",
                           message: "high \(text(high)) is below low \(text(low))", fix: fixRange)
        }
        for (name, value) in [("open", open), ("close", close)] {
            if value > high {
                return Problem(kind: .outsideHighLow, column: name,
                               message: "\(name) \(text(value)) is above high \(text(high))", fix: fixRange)
            }
            if value < low {
                return Problem(kind: .outsideHighLow, column: name,
                               message: "\(name) \(text(value)) is below low \(text(low))", fix: fixRange)
            }
        }
        // Unreachable when the fast check failed, but a message beats a crash.
        return Problem(kind: .badNumber, column: "open", message: "prices are inconsistent", fix: fixRange)
    }

    /// `2`, not `2.0`; other values as Swift prints them (shortest round-trip form).
    static func text(_ value: Double) -> String {
        if value.isFinite && value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
