import Foundation

/// Alpaca's price increments: a cent for prices of $1 and more, 0.0001 below $1. A price with
/// more digits is refused ("invalid limit_price 11.055. sub-penny increment does not fulfill
/// minimum pricing criteria", 422), so every price the bot computes (a limit from an expression,
/// a stop at entry × 0.95) passes through `rounded` before it is sent. The one rounding of
/// prices in the code base: the live runner and the client's own check both call it.
public enum PriceTick {
    /// Which way a price that is not on the tick moves.
    public enum Rule: Sendable {
        /// To the closest tick; a half tick rounds away from zero (104.505 → 104.51).
        case nearest
        /// To the tick below (never above the price asked for).
        case down
        /// To the tick above (never below the price asked for).
        case up
    }

    /// Digits after the decimal point Alpaca accepts for `price`: 2 at $1 and above, else 4.
    public static func fractionDigits(for price: Decimal) -> Int {
        price >= 1 ? 2 : 4
    }

    /// `price` on Alpaca's tick as the decimal text to send, or nil when it is not a finite
    /// number greater than zero or rounds to zero. The tick is chosen by the unrounded price,
    /// so 0.99996 rounds on the 0.0001 tick (to 1).
    public static func rounded(_ price: Double, rule: Rule = .nearest) -> DecimalString? {
        guard price.isFinite, price > 0 else { return nil }
        // Through the shortest decimal text, so 104.505 is 104.505 and not 104.50499999999999.
        let exact = Decimal(string: "\(price)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(price)
        return rounded(exact, rule: rule)
    }

    /// `price` on Alpaca's tick; nil when it is not greater than zero or rounds to zero.
    public static func rounded(_ price: Decimal, rule: Rule = .nearest) -> DecimalString? {
        guard price > 0 else { return nil }
        var input = price
        var output = Decimal()
        let mode: NSDecimalNumber.RoundingMode
        switch rule {
        case .nearest: mode = .plain
        case .down: mode = .down
        case .up: mode = .up
        }
        NSDecimalRound(&output, &input, fractionDigits(for: price), mode)
        guard output > 0 else { return nil }
        return DecimalString(output)
    }

    /// Whether Alpaca accepts `price` as it is (no digits beyond its tick).
    public static func isOnTick(_ price: DecimalString) -> Bool {
        guard price.decimal > 0 else { return false }
        return rounded(price.decimal, rule: .down) == price
    }
}
