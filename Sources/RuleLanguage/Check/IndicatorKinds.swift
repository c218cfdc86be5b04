/// The indicators beyond `name(series, period)`, by the shape of their arguments. Their
/// arithmetic follows TA-Lib (docs/RULES.md, "Functions"); `scripts/check-indicators.py`
/// compares every one with TA-Lib on the bundled daily files.

/// Bollinger bands: `sma(x, n) ± k × stdev(x, n)`.
package enum Band: String, CaseIterable, Sendable, Hashable {
    case upper = "bb_upper", lower = "bb_lower"
}

/// The three outputs of TA-Lib's MACD: the line (fast EMA − slow EMA), its signal EMA, and
/// the histogram (line − signal).
package enum MACDLine: String, CaseIterable, Sendable, Hashable {
    case line = "macd", signal = "macd_signal", histogram = "macd_hist"
}

/// Indicators of the whole bar (high, low, close and for `mfi` volume) with one period:
/// `atr(14)`.
package enum BarIndicator: String, CaseIterable, Sendable, Hashable {
    case atr, adx, cci, mfi, willr

    /// The smallest period that has a meaning (TA-Lib's lower bounds).
    var minimumPeriod: Int { self == .atr ? 1 : 2 }

    /// Bars before the first value, for period `n`.
    func lookback(_ n: Int) -> Int {
        switch self {
        case .atr, .mfi: return n
        case .adx: return 2 * n - 1
        case .cci, .willr: return n - 1
        }
    }

    /// What it reads, for help lines.
    var reads: String { self == .mfi ? "high, low, close and volume" : "high, low and close" }
}

/// Values of the whole bar with no period, written as names: `true_range`, `obv`, `vwap`.
package enum BarValue: String, CaseIterable, Sendable, Hashable {
    case trueRange = "true_range", obv, vwap

    var lookback: Int { self == .trueRange ? 1 : 0 }
}
