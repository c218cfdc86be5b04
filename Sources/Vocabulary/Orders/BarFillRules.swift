/// The prices of one bar a resting order can meet: it opens at `open` and trades somewhere
/// between `low` and `high` afterwards. The close is not here on purpose: orders and exits are
/// checked against a bar before the strategy sees its close.
public struct BarPrices: Sendable, Hashable {
    public var open: Double
    public var high: Double
    public var low: Double

    @inlinable public init(open: Double, high: Double, low: Double) {
        self.open = open
        self.high = high
        self.low = low
    }
}

/// Where an exit filled and which exit it was.
public struct ExitFill: Sendable, Hashable {
    public var price: Double
    public var reason: ExitReason
    /// True when the bar opened through the level, so the fill is the open, not the level.
    public var atOpen: Bool

    @inlinable public init(price: Double, reason: ExitReason, atOpen: Bool) {
        self.price = price
        self.reason = reason
        self.atOpen = atOpen
    }
}

/// The exit levels protecting one position, as prices (percent levels already turned into
/// prices from the entry). A missing level is `nil`.
public struct ExitLevels: Sendable, Hashable {
    public var stopLoss: Double?
    public var takeProfit: Double?
    public var trailingStop: Double?

    @inlinable public init(stopLoss: Double? = nil, takeProfit: Double? = nil, trailingStop: Double? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailingStop = trailingStop
    }
}

/// How a resting order or an exit fills on one bar: the ONE statement of the fill rules the
/// backtest engine and the Alpaca simulator both use, so a strategy with exits trades the same
/// in both (docs/BACKTEST.md, "Orders and exits", says the same in words).
///
/// Bars have no path inside them, so the rules assume the least favourable one a careful
/// tester would: a level the bar opened through fills at the open (a gap), a level reached
/// later fills at the level, and when a stop and a target are both reached inside one bar and
/// neither at the open, the stop fills. A comparison with NaN is false, so a bar or level that
/// is not a number fills nothing.
public enum BarFillRules {
    /// The fill price of an order on `bar`, or nil when the bar does not reach it.
    /// - market: the open.
    /// - limit L: a buy fills at min(open, L) once the low reaches L; a sell at max(open, L)
    ///   once the high reaches L.
    /// - stop S: a buy fills at max(open, S) once the high reaches S; a sell at min(open, S)
    ///   once the low reaches S.
    /// - stop_limit (S, L): the stop triggers as above, then the order is a limit at L for the
    ///   rest of the bar. A buy fills at min(max(open, S), L) when the high reaches S and the low
    ///   reaches L; a sell mirrors it. Whether the price came back to L after the trigger is not
    ///   knowable from a bar; like backtrader and Lean, a bar that spans both fills.
    /// - trailing_stop: not an order a bar can fill by itself (its level moves); compute the
    ///   level with `trailingStopLevel` and fill it as a stop. Returns nil.
    @inlinable
    public static func orderFill(side: Side, type: OrderType, limit: Double?, stop: Double?, bar: BarPrices) -> Double? {
        switch type {
        case .market:
            return bar.open.isFinite ? bar.open : nil
        case .limit:
            guard let l = limit else { return nil }
            return limitFill(side: side, limit: l, bar: bar)
        case .stop:
            guard let s = stop else { return nil }
            return stopFill(side: side, stop: s, bar: bar)
        case .stopLimit:
            guard let s = stop, let l = limit else { return nil }
            if side.addsShares {
                guard bar.high >= s, bar.low <= l else { return nil }
                return min(max(bar.open, s), l)
            }
            guard bar.low <= s, bar.high >= l else { return nil }
            return max(min(bar.open, s), l)
        case .trailingStop:
            return nil
        }
    }

    /// A limit order at `limit`: a buy at min(open, L) once the low reaches L, a sell at
    /// max(open, L) once the high reaches L.
    @inlinable
    public static func limitFill(side: Side, limit: Double, bar: BarPrices) -> Double? {
        side.addsShares ? (bar.low <= limit ? min(bar.open, limit) : nil) : (bar.high >= limit ? max(bar.open, limit) : nil)
    }

    /// A stop order at `stop`: a buy at max(open, S) once the high reaches S, a sell at
    /// min(open, S) once the low reaches S.
    @inlinable
    public static func stopFill(side: Side, stop: Double, bar: BarPrices) -> Double? {
        side.addsShares ? (bar.high >= stop ? max(bar.open, stop) : nil) : (bar.low <= stop ? min(bar.open, stop) : nil)
    }

    /// Which exit of a position fills on `bar`, if any. `closing` is the side of the order
    /// that closes the position: `.sell` for a long, `.buyToCover` (or `.buy`) for a short.
    ///
    /// The stop is the tighter of the stop loss and the trailing stop (the higher one below a
    /// long); on a tie it is reported as the stop loss. Order of the checks: the open through
    /// the stop, the open through the target, then the stop inside the bar before the target
    /// inside the bar (the pessimistic assumption when both were reached).
    ///
    /// On the bar an entry fills, pass the entry's fill price as the bar's open for an entry
    /// that filled after the open (a limit or stop entry): exits are active from the fill on.
    @inlinable
    public static func exitFill(closing: Side, levels: ExitLevels, bar: BarPrices) -> ExitFill? {
        let stop = tighterStop(closing: closing, levels: levels)
        let target = levels.takeProfit
        if !closing.addsShares {
            if let (s, reason) = stop, bar.open <= s { return ExitFill(price: bar.open, reason: reason, atOpen: true) }
            if let t = target, bar.open >= t { return ExitFill(price: bar.open, reason: .takeProfit, atOpen: true) }
            if let (s, reason) = stop, bar.low <= s { return ExitFill(price: s, reason: reason, atOpen: false) }
            if let t = target, bar.high >= t { return ExitFill(price: t, reason: .takeProfit, atOpen: false) }
        } else {
            if let (s, reason) = stop, bar.open >= s { return ExitFill(price: bar.open, reason: reason, atOpen: true) }
            if let t = target, bar.open <= t { return ExitFill(price: bar.open, reason: .takeProfit, atOpen: true) }
            if let (s, reason) = stop, bar.high >= s { return ExitFill(price: s, reason: reason, atOpen: false) }
            if let t = target, bar.low <= t { return ExitFill(price: t, reason: .takeProfit, atOpen: false) }
        }
        return nil
    }

    /// The stop that triggers first: the higher of stop loss and trailing stop below a long,
    /// the lower above a short; the stop loss on a tie.
    @inlinable
    public static func tighterStop(closing: Side, levels: ExitLevels) -> (Double, ExitReason)? {
        switch (levels.stopLoss, levels.trailingStop) {
        case (nil, nil): return nil
        case (let s?, nil): return (s, .stopLoss)
        case (nil, let t?): return (t, .trailingStop)
        case (let s?, let t?):
            let trailingTighter = closing.addsShares ? t < s : t > s
            return trailingTighter ? (t, .trailingStop) : (s, .stopLoss)
        }
    }

    /// A trailing stop's level for the next bar: `percent` % below the highest price since the
    /// entry for a long (`closing == .sell`), above the lowest for a short. `extreme` is that
    /// highest (lowest) price: the highs (lows) from the fill bar to the bar before the one
    /// checked, or the entry price on the fill bar itself.
    @inlinable
    public static func trailingStopLevel(closing: Side, extreme: Double, percent: Double) -> Double {
        closing.addsShares ? extreme * (1 + percent / 100) : extreme * (1 - percent / 100)
    }

    /// A trailing stop's level by a fixed amount (Alpaca's `trail_price`) instead of a percent.
    @inlinable
    public static func trailingStopLevel(closing: Side, extreme: Double, amount: Double) -> Double {
        closing.addsShares ? extreme + amount : extreme - amount
    }
}
