import Vocabulary

/// What one symbol's orders and position carry from bar to bar when a strategy has resting
/// orders, exits, or reads the position's entry values: plain data, one per symbol, kept by
/// the backtester in a flat buffer (docs/BACKTEST.md, "Orders and exits").
struct SymbolLife {
    /// The resting (limit, stop, stop-limit) order: its decision's index in the log, or −1.
    var resting = -1
    /// The last bar it may fill on; after that it expires unfilled.
    var restingLastBar = 0
    var restingType = OrderType.market
    var restingLimit = Double.nan
    var restingStop = Double.nan

    /// The bar the position's entry filled on (from flat), or −1 while flat.
    var entryBar = -1
    /// The entry's fill price before slippage: the "open" the exits meet on the fill bar.
    var entryLevel = Double.nan
    /// Bar closes since the entry fill (the fill bar counts 1).
    var barsHeld = 0
    /// The highest high and lowest low from the fill bar to the last bar checked.
    var highest = Double.nan
    var lowest = Double.nan

    /// The rule whose fill opened the position: its exits apply until flat (−1: none).
    var exitRule: Int32 = -1
    /// `price:` levels, fixed at the entry decision (NaN: none or percent).
    var stopPrice = Double.nan
    var targetPrice = Double.nan
    /// The decisions (log indices) of the exit legs the policy allowed, or −1.
    var stopLeg = -1
    var targetLeg = -1
    var trailingLeg = -1

    /// The `price:` levels of the last buy decided and not yet filled.
    var decidedStop = Double.nan
    var decidedTarget = Double.nan

    var holds: Bool { entryBar >= 0 }
    var hasActiveLegs: Bool { stopLeg >= 0 || targetLeg >= 0 || trailingLeg >= 0 }
}

extension ExitReason {
    /// The byte an `OrderEntry` stores (0: not an exit) and back.
    var code: UInt8 {
        switch self {
        case .stopLoss: return 1
        case .takeProfit: return 2
        case .trailingStop: return 3
        case .maxBars: return 4
        }
    }

    init?(code: UInt8) {
        // 0 is a rule's own order, the common case: answered without a search.
        guard code != 0, let reason = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = reason
    }
}
