import MarketData
import Vocabulary

/// A round trip: from the first buy (a long) or short sale (a short) of a flat symbol to the
/// sell (cover) that makes it flat again.
public struct Trade: Sendable, Equatable {
    public let symbol: String
    /// `long` or `short`.
    public var side: PositionSide = .long
    public let entryTime: Int64
    public let exitTime: Int64
    /// UTC offsets of the entry and exit bars (nil for daily bars), for their text.
    public let entryOffset: Int32?
    public let exitOffset: Int32?

    /// Bar times as the data wrote them (`2020-03-02`).
    public var entryText: String { OrderIDs.timeText(entryTime, utcOffset: entryOffset) }
    public var exitText: String { OrderIDs.timeText(exitTime, utcOffset: exitOffset) }
    /// Average price per share over all entries (paid for a long, received for a short).
    public let entryPrice: Double
    /// Average price per share over all exits (received for a long, paid for a short).
    public let exitPrice: Double
    /// Shares bought (a long) or sold short (a short) over the round trip.
    public let qty: Double
    /// Proceeds − cost − commissions of both sides (− borrow fees for a short).
    public let pnl: Double
    /// pnl ÷ entry value × 100.
    public let returnPct: Double
    /// What closed it: the id of the rule whose sell did, or an exit (`stop_loss`,
    /// `take_profit`, `trailing_stop`, `max_bars`); nil when not known.
    public var exitReason: String? = nil
}

/// The running totals of a round trip that is still open. Entries are buys of a long and
/// short sales of a short; exits the other way.
struct OpenTrade {
    /// Bar number (in its symbol's series) of the first entry.
    var entryBar: Int32
    var side: PositionSide = .long
    var entryQty = 0.0
    var entryValue = 0.0
    var exitQty = 0.0
    var exitValue = 0.0
    var commissions = 0.0
    /// Borrow fees charged while short (`--borrow-fee-pct`).
    var fees = 0.0

    /// Money made so far without the open shares: exits − entries for a long, entries − exits
    /// for a short, less commissions and fees.
    var realized: Double { side.sign * (exitValue - entryValue) - commissions - fees }

    /// A fill that opens or adds to the position.
    @inline(__always)
    mutating func enter(_ qty: Double, at price: Double, commission: Double) {
        entryQty += qty
        entryValue += qty * price
        commissions += commission
    }

    /// A fill that reduces or closes it.
    @inline(__always)
    mutating func exit(_ qty: Double, at price: Double, commission: Double) {
        exitQty += qty
        exitValue += qty * price
        commissions += commission
    }

    func closed(symbol: String, entryTime: Int64, entryOffset: Int32?, exitTime: Int64, exitOffset: Int32?,
                exitReason: String?) -> Trade {
        let pnl = realized
        return Trade(symbol: symbol, side: side, entryTime: entryTime, exitTime: exitTime, entryOffset: entryOffset, exitOffset: exitOffset,
                     entryPrice: entryValue / entryQty, exitPrice: exitQty > 0 ? exitValue / exitQty : 0,
                     qty: entryQty, pnl: pnl, returnPct: entryValue > 0 ? pnl / entryValue * 100 : 0, exitReason: exitReason)
    }
}

/// A finished round trip as plain figures (symbol and bars by number), recorded during a
/// run and turned into a `Trade` when the result is read.
struct ClosedTrade {
    let symbol: Int32
    let exitBar: Int32
    /// What closed it: a rule's index (≥ 0), or −`ExitReason.code` (< 0).
    let closedBy: Int32
    let totals: OpenTrade

    func trade(_ names: BarTimes, ruleIDs: [String]) -> Trade {
        let s = Int(symbol)
        let reason: String? = closedBy >= 0
            ? (Int(closedBy) < ruleIDs.count ? ruleIDs[Int(closedBy)] : nil)
            : ExitReason(code: UInt8(truncatingIfNeeded: -closedBy))?.rawValue
        return totals.closed(symbol: names.symbols[s], entryTime: names.time(s, totals.entryBar), entryOffset: names.offset(s, totals.entryBar),
                             exitTime: names.time(s, exitBar), exitOffset: names.offset(s, exitBar), exitReason: reason)
    }
}

/// The round trips of a backtest, compact; `trades` makes the `Trade` values.
public struct TradeLog: Sendable {
    let closed: FlatBuffer<ClosedTrade>
    let times: BarTimes
    /// The strategy's rule ids, for the exit reason of a trade a rule closed.
    let ruleIDs: [String]

    public var count: Int { closed.count }
    public var trades: [Trade] { (0..<closed.count).map { closed[$0].trade(times, ruleIDs: ruleIDs) } }
}

/// The symbols and bar times of a run: records keep symbol and bar numbers (plain data),
/// and these turn them back into names and times. The arrays are the series' own (shared,
/// not copied).
struct BarTimes: Sendable {
    let symbols: [String]
    let times: [[Int64]]
    /// Per symbol, the UTC offset of each bar; empty for daily bars.
    let offsets: [[Int32]]

    init(series: [BarSeries]) {
        symbols = series.map(\.symbol)
        times = series.map(\.times)
        offsets = series.map { $0.isDaily ? [] : $0.utcOffsets }
    }

    func time(_ s: Int, _ bar: Int32) -> Int64 { times[s][Int(bar)] }
    func offset(_ s: Int, _ bar: Int32) -> Int32? { offsets[s].isEmpty ? nil : offsets[s][Int(bar)] }
    func text(_ s: Int, _ bar: Int32) -> String { OrderIDs.timeText(time(s, bar), utcOffset: offset(s, bar)) }
}
