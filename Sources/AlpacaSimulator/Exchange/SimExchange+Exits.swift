import Foundation
import Vocabulary

/// Exits at a bar: a group's take profit and stop loss as one pair (the shared
/// `BarFillRules.exitFill`: a stop the bar opens through fills at the open, and when the bar
/// reaches both, the stop fills), and trailing stops, checked against the bar before its high
/// (low) raises the mark, as the backtest does.
extension SimExchange {
    mutating func fillExit(_ index: Int, step: Int, bar: (prices: BarPrices, high: Double, low: Double, openedAt: Micros)) {
        if orders[index].kind == .trailingStop {
            fillTrailingStop(index, bar: bar)
        } else if let active = orders[index].activeFrom, active <= step {
            fillExitPair(of: index, step: step, bar: bar)
        }
    }

    /// The open take profit and stop loss of `index`'s group that can fill at `step`.
    private func activeExits(of index: Int, step: Int) -> (target: Int?, stop: Int?) {
        let members = group(of: index).filter { member in
            let order = orders[member]
            return order.isOpen && order.exitRole != nil && (order.activeFrom.map { $0 <= step } ?? false)
        }
        return (members.first { orders[$0].exitRole == .takeProfit }, members.first { orders[$0].exitRole == .stopLoss })
    }

    private mutating func fillExitPair(of index: Int, step: Int, bar: (prices: BarPrices, high: Double, low: Double, openedAt: Micros)) {
        let (target, stop) = activeExits(of: index, step: step)
        guard let any = target ?? stop else { return }
        let closing = orders[any].side.vocabulary
        let targetPrice = target.flatMap { orders[$0].limitPrice }
        let stopPrice = stop.flatMap { orders[$0].stopPrice }
        let levels = ExitLevels(stopLoss: stopPrice.map(DecimalText.double), takeProfit: targetPrice.map(DecimalText.double))
        guard let exit = BarFillRules.exitFill(closing: closing, levels: levels, bar: bar.prices) else { return }
        if exit.reason == .takeProfit, let target {
            fill(target, price: Self.decimal(exit.price, levels: [targetPrice]), at: bar.openedAt)
            return
        }
        guard let stop else { return }
        let stopLimit = orders[stop].kind == .stopLimit ? orders[stop].limitPrice : nil
        guard let limit = stopLimit else {
            fill(stop, price: Self.decimal(exit.price, levels: [stopPrice]), at: bar.openedAt)
            return
        }
        // A stop-limit leg is a limit once triggered: it fills only where the bar reaches its
        // limit; when the bar gapped past it, the take profit may still fill later in the bar.
        if let price = BarFillRules.orderFill(side: closing, type: .stopLimit, limit: DecimalText.double(limit),
                                              stop: stopPrice.map(DecimalText.double), bar: bar.prices) {
            fill(stop, price: Self.decimal(price, levels: [stopPrice, limit]), at: bar.openedAt)
        } else if let target, let targetPrice,
                  let price = BarFillRules.limitFill(side: closing, limit: DecimalText.double(targetPrice), bar: bar.prices) {
            fill(target, price: Self.decimal(price, levels: [targetPrice]), at: bar.openedAt)
        }
    }

    /// A trailing stop fills like a stop at its level; otherwise the bar's high (a buy's low)
    /// moves the mark and the level follows.
    private mutating func fillTrailingStop(_ index: Int, bar: (prices: BarPrices, high: Double, low: Double, openedAt: Micros)) {
        let order = orders[index]
        let mark = order.hwm ?? DecimalText.fromDouble(bar.prices.open)
        let level = trailingLevel(order, extreme: mark)
        orders[index].hwm = mark
        orders[index].stopPrice = level
        if let price = BarFillRules.stopFill(side: order.side.vocabulary, stop: DecimalText.double(level), bar: bar.prices) {
            fill(index, price: Self.decimal(price, levels: [level]), at: bar.openedAt)
            return
        }
        let extreme = order.side == .sell ? max(DecimalText.double(mark), bar.high) : min(DecimalText.double(mark), bar.low)
        let moved = DecimalText.fromDouble(extreme)
        if moved != mark {
            orders[index].hwm = moved
            orders[index].stopPrice = trailingLevel(order, extreme: moved)
        }
    }
}
