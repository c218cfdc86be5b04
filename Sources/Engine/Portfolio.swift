import Policy
import Vocabulary

/// Cash, positions and round trips of one run, indexed by symbol number (the engine's
/// fixed symbol order). A position is long (shares > 0) or short (shares < 0); sells are
/// capped at a long position, covers at a short one.
public final class Portfolio {
    public let symbols: [String]
    public private(set) var cash: Double
    // Per-symbol figures in raw storage: written on every fill and decision, and an array
    // in a class would check its uniqueness on each write.
    /// Shares held per symbol.
    let qty: UnsafeMutablePointer<Double>
    /// Last close seen per symbol (NaN before the first bar).
    let mark: UnsafeMutablePointer<Double>
    /// Round trips closed so far, as figures (`trades` turns them into `Trade`s).
    private var closed: RawRun<ClosedTrade>
    private var closedHandedOver = false
    public private(set) var commissionsPaid = 0.0
    /// Borrow fees charged on short positions (`ExecutionSettings.borrowFeePercent`).
    public private(set) var borrowFeesPaid = 0.0
    private let open: UnsafeMutablePointer<OpenTrade?>
    /// Symbols with a position, in symbol order, so sums are always added in the same order.
    /// `heldCount` symbol numbers, ascending (raw storage: it changes whenever a position opens or closes).
    private let held: UnsafeMutablePointer<Int>
    private var heldCount = 0
    private let isHeld: UnsafeMutablePointer<Bool>

    /// Positions smaller than this are treated as flat (fractional rounding dust).
    static let dust = 1e-9

    /// Turns bar numbers into times for trades and positions.
    let times: BarTimes

    init(times: BarTimes, cash: Double, expectedTrades: Int = 0) {
        self.times = times
        let symbols = times.symbols
        self.symbols = symbols
        self.cash = cash
        let n = max(symbols.count, 1)
        qty = .allocate(capacity: n)
        qty.initialize(repeating: 0, count: n)
        mark = .allocate(capacity: n)
        mark.initialize(repeating: .nan, count: n)
        open = .allocate(capacity: n)
        open.initialize(repeating: nil, count: n)
        isHeld = .allocate(capacity: n)
        isHeld.initialize(repeating: false, count: n)
        held = .allocate(capacity: max(symbols.count, 1))
        closed = RawRun(capacity: expectedTrades)
    }

    /// Round trips closed so far, oldest first.
    public var trades: [Trade] { trades(ruleIDs: []) }

    /// The round trips so far, each closing rule named from `ruleIDs` (the strategy's rules).
    public func trades(ruleIDs: [String]) -> [Trade] { (0..<closed.count).map { closed[$0].trade(times, ruleIDs: ruleIDs) } }

    /// The round trips, handed to a result; the portfolio records no more after this.
    func takeTrades(ruleIDs: [String]) -> TradeLog {
        closedHandedOver = true
        return TradeLog(closed: FlatBuffer(adopting: closed), times: times, ruleIDs: ruleIDs)
    }

    /// The average entry price of the open position of `s` (paid for a long, received for a
    /// short; slippage included), NaN when flat.
    func entryPrice(_ s: Int) -> Double {
        guard let t = open[s], t.entryQty > 0 else { return .nan }
        return t.entryValue / t.entryQty
    }

    /// Charges one day's borrow fee on the short position of `s` at `close`: shares short ×
    /// close × `dailyRate`, from cash, and into the round trip's result.
    @inline(never)
    func chargeBorrowFee(_ s: Int, close: Double, dailyRate: Double) {
        guard qty[s] < 0, close.isFinite else { return }
        let fee = -qty[s] * close * dailyRate
        cash -= fee
        borrowFeesPaid += fee
        open[s]?.fees += fee
    }

    @inline(__always)
    public func setMark(_ symbol: Int, _ price: Double) { mark[symbol] = price }

    /// Cash plus every position at its last mark.
    @inline(__always)
    public var equity: Double {
        var total = cash
        for k in 0..<heldCount { total += qty[held[k]] * mark[held[k]] }
        return total
    }

    @inline(__always)
    public var grossExposure: Double {
        var total = 0.0
        for k in 0..<heldCount { total += abs(qty[held[k]] * mark[held[k]]) }
        return total
    }

    public var hasPositions: Bool { heldCount > 0 }

    /// `equity` and `grossExposure` with each held symbol marked at `mark(symbol)` instead
    /// of its last mark: the same sums in the same order, for a time the marks have moved
    /// past (the several-symbol block loop marks only where it stops).
    @inline(__always)
    func figures(marks mark: (Int) -> Double) -> (equity: Double, grossExposure: Double) {
        var total = cash, gross = 0.0
        for k in 0..<heldCount {
            let value = qty[held[k]] * mark(held[k])
            total += value
            gross += abs(value)
        }
        return (total, gross)
    }

    /// Calls `body` with each symbol that has a position, in symbol order.
    @inline(__always)
    func forEachHeld(_ body: (Int) -> Void) {
        for k in 0..<heldCount { body(held[k]) }
    }

    deinit {
        held.deallocate()
        qty.deallocate()
        mark.deallocate()
        open.deallocate()
        isHeld.deallocate()
        if !closedHandedOver { closed.free() }
    }

    public func position(_ symbol: Int) -> Double { qty[symbol] }

    /// Applies a fill at the open of `bar` (a bar number of symbol `s`). `price` already
    /// includes slippage; commission is paid from cash.
    /// `closedBy`: what a sell that closes the position closed it with (a rule's index, or
    /// −`ExitReason.code`).
    func fill(symbol s: Int, side: Side, qty filled: Double, price: Double, commission: Double, bar: Int32, closedBy: Int32) {
        commissionsPaid += commission
        // The round trip is changed where it lies (`open[s]?.…` mutates in place), not
        // copied out and back: an `OpenTrade?` is 57 bytes.
        if side.opens {
            if open[s] == nil { open[s] = OpenTrade(entryBar: bar, side: side.positionSide) }
            open[s]?.enter(filled, at: price, commission: commission)
        } else {
            open[s]?.exit(filled, at: price, commission: commission)
        }
        Self.settle(side: side, qty: filled, price: price, commission: commission, cash: &cash, position: &qty[s])
        let position = qty[s]
        if !side.opens && position == 0 {
            if let t = open[s] { closed.append(ClosedTrade(symbol: Int32(s), exitBar: bar, closedBy: closedBy, totals: t)) }
            open[s] = nil
        }
        if (position != 0) != isHeld[s] { setHeld(s, position != 0) }
    }

    /// Cash and position after a fill: the one arithmetic of fills, which the report's rule
    /// coverage replays to give conditions over the account the values the run saw. A fill
    /// that leaves less than `dust` leaves nothing. A short sale's proceeds go to cash.
    @inline(__always)
    public static func settle(side: Side, qty filled: Double, price: Double, commission: Double,
                              cash: inout Double, position: inout Double) {
        if side.addsShares {
            cash -= filled * price + commission
            position += filled
        } else {
            cash += filled * price - commission
            position -= filled
        }
        if abs(position) < dust { position = 0 }
    }

    /// Keeps `held` sorted by symbol number; runs only when a position opens or closes.
    /// The common case inline (the first position opens, or the only one closes: a
    /// one-symbol run at every fill), the rest out of line.
    @inline(__always)
    private func setHeld(_ s: Int, _ holding: Bool) {
        if holding && heldCount == 0 {
            isHeld[s] = true
            held[0] = s
            heldCount = 1
        } else if !holding && heldCount == 1 {
            // `s` was held (`isHeld[s]`), so it is the one.
            isHeld[s] = false
            heldCount = 0
        } else {
            updateHeld(s, holding)
        }
    }

    @inline(never)
    private func updateHeld(_ s: Int, _ holding: Bool) {
        isHeld[s] = holding
        var at = 0
        while at < heldCount && held[at] < s { at += 1 }
        if holding {
            (held + at + 1).update(from: held + at, count: heldCount - at)
            held[at] = s
            heldCount += 1
        } else {
            heldCount -= 1
            (held + at).update(from: held + at + 1, count: heldCount - at)
        }
    }

    /// Positions still open, marked at their last close.
    public var openPositions: [OpenPosition] {
        (0..<heldCount).map { held[$0] }.map { s in
            let trade = open[s]
            let cost = trade?.entryValue ?? 0
            let avg = trade.map { $0.entryQty > 0 ? $0.entryValue / $0.entryQty : 0 } ?? 0
            return OpenPosition(symbol: symbols[s], qty: qty[s], averagePrice: avg, mark: mark[s],
                                entryTime: trade.map { times.time(s, $0.entryBar) } ?? 0,
                                entryOffset: trade.flatMap { times.offset(s, $0.entryBar) }, costBasis: cost,
                                unrealizedPnl: qty[s] * mark[s] + (trade?.realized ?? 0))
        }
    }

    /// What the policy sees for an order in symbol `s`. Equity and gross exposure in one
    /// pass over the held symbols: the sums `equity` and `grossExposure` make, in their order.
    @inline(__always)
    public func snapshot(symbol s: Int, dayStartEquity: Double) -> AccountSnapshot {
        var total = cash, gross = 0.0
        for k in 0..<heldCount {
            let value = qty[held[k]] * mark[held[k]]
            total += value
            gross += abs(value)
        }
        return AccountSnapshot(cash: cash, equity: total, dayStartEquity: dayStartEquity, grossExposure: gross,
                               position: qty[s], mark: mark[s])
    }
}

/// A position left open at the end of a run.
public struct OpenPosition: Sendable, Equatable {
    public let symbol: String
    public let qty: Double
    public let averagePrice: Double
    public let mark: Double
    public let entryTime: Int64
    public let entryOffset: Int32?
    public let costBasis: Double
    /// Shares (negative when short) × mark + what the round trip realized so far (exits −
    /// entries for a long, entries − exits for a short, less commissions and fees).
    public let unrealizedPnl: Double

    public var entryText: String { OrderIDs.timeText(entryTime, utcOffset: entryOffset) }
}
