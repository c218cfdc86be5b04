import Vocabulary

/// What made an exit leg fill, recorded with its fill (`fill.trigger`) so `algobot explain
/// --order` can say it in words: the level and how it was set, and the bar that reached it
/// ("stop loss at $104.50 = entry $110.00 − 5 %; the low of 2020-03-09, $103.90, reached it").
/// Figures only; the words are `PlainWords.trigger`'s. The bar's time is the fill's `at`.
public struct ExitTrigger: Codable, Sendable, Equatable {
    public var reason: ExitReason
    /// The level the bar was checked against.
    public var level: Double
    /// The entry's average fill price, for levels set as a percent of it (absent for a
    /// `price:` level, which was fixed when the entry was decided).
    public var entryPrice: Double?
    /// The `percent:` the level is set at.
    public var percent: Double?
    /// A trailing stop's mark: the highest high since the entry (the lowest low for a short),
    /// or the entry price on the fill bar.
    public var mark: Double?
    /// Where the bar met the exits: its open, or the entry's fill on the entry's own bar.
    public var open: Double
    /// The bar's low (or high) that reached the level; absent when the bar opened through it.
    public var reached: Double?
    /// The bar opened through the level, so the exit filled at the open (a gap).
    public var atOpen: Bool

    public init(reason: ExitReason, level: Double, entryPrice: Double?, percent: Double?, mark: Double?, open: Double,
                reached: Double?, atOpen: Bool) {
        self.reason = reason
        self.level = level
        self.entryPrice = entryPrice
        self.percent = percent
        self.mark = mark
        self.open = open
        self.reached = reached
        self.atOpen = atOpen
    }
}
