/// The sanity rules every bar must pass, whether it comes from a CSV row, the store or an API.
///
/// Besides the shape of a bar (positive prices, low <= open, close <= high) its figures must lie
/// in a range real markets stay far inside, so that no arithmetic on them (equity, order sizes,
/// whole-share and volume conversions) can overflow: an absurd number in a data file is a typo
/// or a unit mix-up, and it is refused with its line instead of turning into "inf" later.
public enum BarCheck {
    /// The highest price a bar may have: $1,000,000,000. The dearest share (BRK.A) trades near
    /// $700,000.
    public static let maxPrice = 1e9
    /// The lowest positive price: $0.000001 (sub-penny quotes and small crypto pairs stay above it).
    public static let minPrice = 1e-6
    /// The largest volume of one bar: 10^15 shares (every US exchange together trades about
    /// 10^10 a day).
    public static let maxVolume = 1e15

    public struct Problem: Sendable, Equatable {
        public let kind: DataError.Kind
        public let column: String
        public let message: String
        public let fix: String
    }

    /// Nil when the bar is sane. The common case is one chain of comparisons; the reasons are
    /// worked out only for a bad bar. NaN fails every comparison, so it is rejected too.
    @inline(__always)
    public static func problem(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Problem? {
        if low >= minPrice && low <= open && low <= close && high >= open && high >= close && high <= maxPrice
            && volume >= 0 && volume <= maxVolume {
            return nil
        }
        return describe(open: open, high: high, low: low, close: close, volume: volume)
    }

    private static func describe(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Problem {
        let fixPrice = "correct the price or remove the row"
        for (name, value) in [("open", open), ("high", high), ("low", low), ("close", close)] where value <= 0 {
            return Problem(kind: .nonPositivePrice, column: name,
                           message: "\(name) must be a positive price, found \(text(value))", fix: fixPrice)
        }
        for (name, value) in [("open", open), ("high", high), ("low", low), ("close", close)]
        where !(value >= minPrice && value <= maxPrice) {   // NaN too
            return Problem(kind: .priceOutOfRange, column: name,
                           message: "\(name) \(text(value)) is out of range: prices must be from 0.000001 to 1000000000",
                           fix: "correct the price (a typo or a unit mix-up?) or remove the row")
        }
        if volume < 0 {
            return Problem(kind: .negativeVolume, column: "volume",
                           message: "volume must not be negative, found \(text(volume))",
                           fix: "correct the volume or remove the row")
        }
        if !(volume <= maxVolume) {   // NaN too
            return Problem(kind: .volumeOutOfRange, column: "volume",
                           message: "volume \(text(volume)) is out of range: at most 1000000000000000 (10^15) per bar",
                           fix: "correct the volume (a typo or a unit mix-up?) or remove the row")
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
