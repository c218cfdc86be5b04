import Vocabulary

/// An order's figures as plain fields: `OrderFigures` without optionals (an amount the order
/// does not give is a flag and 0, a price its type does not have is NaN). The engine keeps one
/// in each decision's record (`OrderEntry.order`) and the policy judges it where it lies
/// (`CompiledPolicy.outcome(of:symbol:account:statuses:)` takes its address), so a decision's
/// figures are written once, into the record, and never copied to be judged or filled.
public struct PackedOrder: Sendable, Equatable {
    /// Shares asked for (0 when the order gives none: `hasQty`).
    public var qty: Double
    /// Dollars asked for (0 when the order gives none: `hasNotional`).
    public var notional: Double
    /// The price the decision was made at.
    public var price: Double
    /// The limit and stop prices; NaN when the order's type has none.
    public var limitPrice: Double
    public var stopPrice: Double
    public var side: Side
    public var action: Action
    public var fractional: Bool
    public var hasQty: Bool
    public var hasNotional: Bool
    public var orderType: OrderType

    /// Always inlined: the engine's `decide` is past the size the optimizer inlines into,
    /// and as a call the figures are written to memory once more only to be read back.
    @inlinable @inline(always)
    public init(_ f: OrderFigures) {
        qty = f.qty ?? 0
        notional = f.notional ?? 0
        price = f.price
        limitPrice = f.limitPrice ?? .nan
        stopPrice = f.stopPrice ?? .nan
        side = f.side
        action = f.action
        fractional = f.fractional
        hasQty = f.qty != nil
        hasNotional = f.notional != nil
        orderType = f.orderType
    }

    /// The shares and dollars asked for, nil when the order does not give them.
    @inlinable public var askedQty: Double? { hasQty ? qty : nil }
    @inlinable public var askedNotional: Double? { hasNotional ? notional : nil }

    /// Shares this order moves, estimated at the decision price for dollar sizes
    /// (`OrderFigures.estimatedQty`).
    @inlinable public var estimatedQty: Double { hasQty ? qty : (hasNotional ? notional : .nan) / price }

    /// These figures as `OrderFigures` (without the exit reason and reversal flag, which the
    /// engine keeps beside them).
    public var figures: OrderFigures {
        var f = OrderFigures(side: side, action: action, qty: askedQty, notional: askedNotional, price: price, fractional: fractional)
        f.orderType = orderType
        f.limitPrice = limitPrice.isNaN ? nil : limitPrice
        f.stopPrice = stopPrice.isNaN ? nil : stopPrice
        return f
    }
}
