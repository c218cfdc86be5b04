import Policy

/// Cash, positions and round trips of one run, indexed by symbol number (the engine's
/// fixed symbol order). Long only: sells are capped at the position.
public final class Portfolio {
    public let symbols: [String]
    public private(set) var cash: Double
    public private(set) var qty: [Double]
    /// Last close seen per symbol (NaN before the first bar).
    public private(set) var mark: [Double]
    public private(set) var trades: [Trade] = []
    public private(set) var commissionsPaid = 0.0
    private var open: [OpenTrade?]
    /// Symbols with a position, in symbol order, so sums are always added in the same order.
    private var held: [Int] = []

    /// Positions smaller than this are treated as flat (fractional rounding dust).
    static let dust = 1e-9

    public init(symbols: [String], cash: Double) {
        self.symbols = symbols
        self.cash = cash
        qty = Array(repeating: 0, count: symbols.count)
        mark = Array(repeating: .nan, count: symbols.count)
        open = Array(repeating: nil, count: symbols.count)
    }

    @inline(__always)
    public func setMark(_ symbol: Int, _ price: Double) { mark[symbol] = price }

    /// Cash plus every position at its last mark.
    public var equity: Double {
        var total = cash
        for s in held { total += qty[s] * mark[s] }
        return total
    }

    public var grossExposure: Double {
        var total = 0.0
        for s in held { total += abs(qty[s] * mark[s]) }
        return total
    }

    public var hasPositions: Bool { !held.isEmpty }

    public func position(_ symbol: Int) -> Double { qty[symbol] }

    /// Applies a fill. `price` already includes slippage; commission is paid from cash.
    public func fill(symbol s: Int, side: OrderIntent.Side, qty filled: Double, price: Double, commission: Double, time: Int64, utcOffset: Int32?) {
        commissionsPaid += commission
        switch side {
        case .buy:
            cash -= filled * price + commission
            if open[s] == nil { open[s] = OpenTrade(entryTime: time, entryOffset: utcOffset) }
            open[s]!.boughtQty += filled
            open[s]!.boughtCost += filled * price
            open[s]!.commissions += commission
            qty[s] += filled
        case .sell:
            cash += filled * price - commission
            qty[s] -= filled
            if open[s] != nil {
                open[s]!.soldQty += filled
                open[s]!.soldProceeds += filled * price
                open[s]!.commissions += commission
            }
            if abs(qty[s]) < Self.dust {
                qty[s] = 0
                if let trade = open[s] { trades.append(trade.closed(symbol: symbols[s], exitTime: time, exitOffset: utcOffset)) }
                open[s] = nil
            }
        }
        if qty[s] != 0 {
            if !held.contains(s) { held.append(s); held.sort() }
        } else {
            held.removeAll { $0 == s }
        }
    }

    /// Positions still open, marked at their last close.
    public var openPositions: [OpenPosition] {
        held.map { s in
            let trade = open[s]
            let cost = trade?.boughtCost ?? 0
            let avg = trade.map { $0.boughtQty > 0 ? $0.boughtCost / $0.boughtQty : 0 } ?? 0
            return OpenPosition(symbol: symbols[s], qty: qty[s], averagePrice: avg, mark: mark[s],
                                entryTime: trade?.entryTime ?? 0, entryOffset: trade?.entryOffset, costBasis: cost,
                                unrealizedPnl: qty[s] * mark[s] + (trade?.soldProceeds ?? 0) - (trade?.boughtCost ?? 0) - (trade?.commissions ?? 0))
        }
    }

    /// What the policy sees for an order in symbol `s`.
    public func snapshot(symbol s: Int, dayStartEquity: Double) -> AccountSnapshot {
        AccountSnapshot(cash: cash, equity: equity, dayStartEquity: dayStartEquity, grossExposure: grossExposure,
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
    /// Mark value + proceeds of partial exits − cost − commissions so far.
    public let unrealizedPnl: Double

    public var entryText: String { OrderIDs.timeText(entryTime, utcOffset: entryOffset) }
}
