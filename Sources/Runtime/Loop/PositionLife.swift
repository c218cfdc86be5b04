/// What a live run carries from bar to bar about one open position, as the backtest's
/// `SymbolLife` does (docs/BACKTEST.md §8): the bar its entry filled on, bar closes held, the
/// highest high and lowest low since, and the rule whose exits apply. Built from the fills the
/// audit log has and the bars the run steps; `DecisionStep+Life` keeps it.
struct PositionLife {
    /// The entry's fill bar (the first bar the run decided on with the fill recorded).
    var entryBar: Int64
    /// Bar closes since the entry fill, the fill bar counting 1.
    var barsHeld = 0
    var highest = Double.nan
    var lowest = Double.nan
    /// The rule whose order opened the position from flat (its exits apply), or nil when the
    /// audit log does not say (opened outside the bot).
    var rule: Int?
    /// False when the run cannot tell the fill bar (it started with the position held and its
    /// history does not reach the entry, or the entry rested): the entry values then have no
    /// value and `max_bars` is not counted, as the decision records show.
    var known = true
    /// The trailing stop of the position was decided (sent or not).
    var trailingDecided = false
    /// The client order id of the order that opened the position (its watched `price:` levels).
    var opener: String?
    /// A watched level could not be known (the run restarted after the entry) and a note says so.
    var unwatchedNoted = false
}

/// The `price:` stop loss and take profit of an entry in a fraction of a share (NaN: none),
/// the expressions' values at its decision close: Alpaca holds no exit order for a fraction, so
/// the bot watches them itself (`DecisionStep.checkWatchedExits`).
struct WatchedLevels {
    var stop = Double.nan
    var target = Double.nan
}
