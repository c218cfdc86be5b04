import Foundation
import Vocabulary

/// What happens to working orders when the clock reaches a new bar. The fill prices come from
/// the shared `BarFillRules` (Vocabulary), the rules the backtest fills with, in the backtest's
/// order of events on a bar (docs/BACKTEST.md): market orders at the open, then resting limit,
/// stop and stop-limit orders against the bar, then exits (bracket, OTO and OCO legs, trailing
/// stops), which see the bar from their parent's fill on when it filled on this bar.
extension SimExchange {
    /// The three passes over the orders at each bar, in order.
    enum FillPass: CaseIterable {
        case market, resting, exits
    }

    static func pass(of order: SimOrder) -> FillPass {
        if order.exitRole != nil || order.kind == .trailingStop { return .exits }
        return order.kind == .market ? .market : .resting
    }

    /// Day orders (and `opg`, `cls`, `ioc`, `fok`) whose session has passed are canceled.
    mutating func expireDayOrders(before date: Int64) {
        for index in orders.indices where orders[index].isOpen {
            guard let session = orders[index].sessionDate, session < date else { continue }
            let time = max(NewYorkTime.sessionClose(localDate: session) * TimeText.microsPerSecond, orders[index].submittedAt + 1)
            orders[index].status = "canceled"
            orders[index].canceledAt = time
            orders[index].updatedAt = time
        }
    }

    /// Fills the orders submitted before this step against each symbol's bar at this step.
    mutating func fillOrders(atStep step: Int) {
        for pass in FillPass.allCases {
            for index in orders.indices where orders[index].isOpen && orders[index].submitStep < step
                && Self.pass(of: orders[index]) == pass {
                guard orders[index].isOpen, let bar = barPrices(of: orders[index], atStep: step) else { continue }
                switch pass {
                case .market: fill(index, price: DecimalText.fromDouble(bar.prices.open), at: bar.openedAt)
                case .resting: fillResting(index, bar: bar)
                case .exits: fillExit(index, step: step, bar: bar)
                }
            }
        }
    }

    /// The symbol's bar at `step` as the order meets it, or nil when the symbol has no bar then
    /// or the order cannot trade at that hour (only extended-hours limit orders trade outside
    /// 09:30–16:00 New York; stops, trailing stops and legs never do).
    func barPrices(of order: SimOrder, atStep step: Int) -> (prices: BarPrices, high: Double, low: Double, openedAt: Micros)? {
        guard let s = timeline.seriesIndex[order.symbol], let bar = timeline.bar(series: s, atStep: step) else { return nil }
        let bars = timeline.series[s]
        let barTime = bars.times[bar]
        guard timeline.isRegularHours(barTime: barTime) || (order.kind == .limit && order.extendedHours && order.exitRole == nil)
        else { return nil }
        let open = order.activeFrom == step ? (order.activeOpen ?? bars.open[bar]) : bars.open[bar]
        return (BarPrices(open: open, high: bars.high[bar], low: bars.low[bar]), bars.high[bar], bars.low[bar],
                timeline.openInstant(ofBarTime: barTime) * TimeText.microsPerSecond)
    }

    /// A resting limit, stop or stop-limit order: filled when the bar reaches it; an `ioc` or
    /// `fok` order the first bar does not fill is canceled.
    private mutating func fillResting(_ index: Int, bar: (prices: BarPrices, high: Double, low: Double, openedAt: Micros)) {
        let order = orders[index]
        let limit = order.limitPrice.map(DecimalText.double)
        let stop = order.stopPrice.map(DecimalText.double)
        if let price = BarFillRules.orderFill(side: order.side.vocabulary, type: order.kind.orderType,
                                              limit: limit, stop: stop, bar: bar.prices) {
            fill(index, price: Self.decimal(price, levels: [order.limitPrice, order.stopPrice]), at: bar.openedAt)
        } else if order.timeInForce == "ioc" || order.timeInForce == "fok" {
            let time = max(bar.openedAt, order.submittedAt + 1)
            orders[index].status = "canceled"
            orders[index].canceledAt = time
            orders[index].updatedAt = time
        }
    }

    /// A fill price from the shared rules back in the simulator's exact decimals: one of the
    /// order's own levels when it is one, else a bar price (through its shortest text).
    static func decimal(_ price: Double, levels: [Decimal?]) -> Decimal {
        for case let level? in levels where DecimalText.double(level) == price { return level }
        return DecimalText.fromDouble(price)
    }
}
