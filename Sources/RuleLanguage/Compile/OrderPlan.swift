import Vocabulary

/// A rule's `order:` as plain data for the engine: the type, and its prices as slots of the
/// register file read at the decision close (−1: the type reads none).
public struct OrderPlan: Sendable, Hashable {
    public let type: OrderType
    public let limitSlot: Int32
    public let stopSlot: Int32
    public let timeInForce: TimeInForce
    /// With `gtc`, the bars the order rests (t+1 … t+N); 0 rests until filled.
    public let expireBars: Int

    public static let market = OrderPlan(type: .market, limitSlot: -1, stopSlot: -1, timeInForce: .day, expireBars: 0)

    /// True for limit, stop and stop-limit orders: they rest until they fill or expire.
    @inlinable public var rests: Bool { type != .market }

    /// The last bar an order decided on bar `t` may fill on (`Int.max`: until the run ends).
    /// Daily bars: `day` is bar t+1 only; intraday bars are cut at the session by the engine.
    @inlinable public func lastBar(decidedOn t: Int) -> Int {
        switch timeInForce {
        case .day: return t + 1
        case .gtc: return expireBars > 0 ? t + expireBars : .max
        }
    }
}

/// The exits of the position a buy rule opens, as plain data: percent levels (NaN: none)
/// and price levels as slots read at the entry decision (−1: none).
public struct ExitPlan: Sendable, Hashable {
    public let stopPercent: Double
    public let stopSlot: Int32
    public let targetPercent: Double
    public let targetSlot: Int32
    public let trailingPercent: Double
    /// Sell at the close where `bars_held` reaches this; 0: no time exit.
    public let maxBars: Int

    public static let none = ExitPlan(stopPercent: .nan, stopSlot: -1, targetPercent: .nan, targetSlot: -1,
                                      trailingPercent: .nan, maxBars: 0)

    public var isEmpty: Bool {
        stopPercent.isNaN && stopSlot < 0 && targetPercent.isNaN && targetSlot < 0 && trailingPercent.isNaN && maxBars == 0
    }
}
