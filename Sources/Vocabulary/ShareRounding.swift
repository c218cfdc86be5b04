/// How many shares an order comes to: the one rule the backtest's fills (`Engine.FillModel`)
/// and live orders (`Runtime.OrderSizing`) both use, so a backtest and a live run of the same
/// decision trade the same count.
public enum ShareRounding {
    /// Whole shares, or fractional shares rounded down to 1e-6. A count within 1e-9 of a whole
    /// number is that number (10_000 / 100 must be 100, not 99). Nothing (0) for a count that
    /// is not a positive number: an order of NaN or infinitely many shares fills nothing.
    @inlinable
    public static func shares(_ q: Double, fractional: Bool) -> Double {
        guard q.isFinite, q > 0 else { return 0 }
        return fractional ? ((q + 1e-12) * 1_000_000).rounded(.down) / 1_000_000 : (q + 1e-9).rounded(.down)
    }
}
