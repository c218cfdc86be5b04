/// How many shares an order comes to: the one rule the backtest's fills (`Engine.FillModel`)
/// and live orders (`Runtime.OrderSizing`) both use, so a backtest and a live run of the same
/// decision trade the same count.
public enum ShareRounding {
    /// Whole shares, or fractional shares rounded down to 1e-6. A count within 1e-9 of a whole
    /// number is that number (10_000 / 100 must be 100, not 99). Nothing (0) for a count that
    /// is not a positive number: an order of NaN or infinitely many shares fills nothing.
    /// Always inlined: the fill model calls it on every fill, and from there the optimizer's
    /// cost model kept it a call (`-Rpass-missed=sil-inliner`: cost 46, benefit 20).
    @inlinable @inline(always)
    public static func shares(_ q: Double, fractional: Bool) -> Double {
        guard q.isFinite, q > 0 else { return 0 }
        return fractional ? wholePart((q + 1e-12) * 1_000_000) / 1_000_000 : wholePart(q + 1e-9)
    }

    /// `x.rounded(.down)` for a positive `x`, without a call: below 2^52 the conversion to
    /// an integer truncates, which for a positive number is rounding down, and the integer
    /// converts back exactly; from 2^52 on every double is a whole number (and infinity
    /// stays itself). Without SSE4.1 `rounded(.down)` is a call of `floor`, and the fill
    /// model rounds twice per buy.
    @inlinable
    static func wholePart(_ x: Double) -> Double {
        x < 4_503_599_627_370_496 ? Double(Int64(x)) : x
    }
}
