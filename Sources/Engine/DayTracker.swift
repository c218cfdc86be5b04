/// Today's starting equity for the daily drawdown limit, worked out only when an order
/// needs it instead of on every bar. It gives the bar-by-bar loop's figure exactly: the
/// equity (cash + shares × close) at the last bar before the current trading day began.
///
/// The account changes only at fills, so the caller advances the tracker to bar `i`
/// before applying a fill at `i` and before deciding at `i`; the account it passes is
/// then the one every bar since the last advance had.
struct DayTracker {
    private let days: TradingDays
    private let closes: UnsafeMutablePointer<Double>
    private let startingCash: Double
    /// Each bar is a day of its own: no need to read `days` at all.
    private let everyBarStartsADay: Bool
    /// The last bar the tracker has reached (−1 before the first).
    private var tracked = -1
    private(set) var dayStartEquity: Double

    init(days: TradingDays, closes: UnsafeMutablePointer<Double>, startingCash: Double, everyBarStartsADay: Bool) {
        self.days = days
        self.everyBarStartsADay = everyBarStartsADay
        self.closes = closes
        self.startingCash = startingCash
        dayStartEquity = startingCash
    }

    /// Moves to bar `i`; `cash` and `shares` are the account since the last advance, and
    /// `previousClose` is bar i − 1's close (the caller has it at hand).
    @inline(__always)
    mutating func advance(to i: Int, cash: Double, shares: Double, previousClose: Double) {
        guard i > tracked else { return }
        if everyBarStartsADay {
            dayStartEquity = i == 0 ? startingCash : cash + shares * previousClose
            tracked = i
            return
        }
        // The latest day change in (tracked, i]: scanning back stops at the first one (the
        // bars after it are on bar i's day, so each step works out one day, not two).
        let today = days[i]
        var k = i
        while k > tracked + 1 && days[k - 1] == today { k -= 1 }
        if k == 0 {
            dayStartEquity = startingCash
        } else if days[k - 1] != today {
            dayStartEquity = cash + shares * closes[k - 1]
        }
        tracked = i
    }
}
