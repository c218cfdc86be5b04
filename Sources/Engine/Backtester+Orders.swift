import Audit
import MarketData
import Policy

/// The rare path of a backtest: a rule fired, the policy decides, orders fill.
extension Backtester {
    func utcOffset(symbol s: Int, bar i: Int) -> Int32? {
        series[s].isDaily ? nil : series[s].utcOffsets[i]
    }

    func decide(symbol s: Int, bar i: Int, rule: Int, dayStartEquity: Double) throws {
        let bars = series[s]
        guard let intent = core.intent(symbol: s, rule: rule, time: bars.times[i], utcOffset: utcOffset(symbol: s, bar: i),
                                       price: bars.close[i], equity: portfolio.equity, position: portfolio.qty[s]) else { return }
        let approval = options.settings.approveAll ? HumanApproval(by: "--approve-all") : nil
        let decision = core.decide(intent, account: accountForPolicy(symbol: s, dayStartEquity: dayStartEquity), approval: approval)
        var report = OrderReport(decision: decision, status: .blocked)
        if let audit, let records {
            let record = records.record(decision, rule: core.strategy.rules[rule], observed: core.observed(symbol: s, rule: rule))
            try audit.append(.decision(record), at: intent.timeText)
        }
        if decision.isApproved {
            if let audit {
                try audit.append(.orderSubmitted(OrderSubmitted(
                    orderId: intent.orderId, clientOrderId: intent.clientOrderId, decisionId: intent.decisionId,
                    symbol: intent.symbol, side: intent.side.rawValue, qty: intent.qty, notional: intent.notional,
                    broker: "backtest")), at: intent.timeText)
            }
            report.status = .unfilled
            pending[s].append(orders.count)
            pendingCount += 1
        } else if decision.outcome == .needsApproval {
            report.status = .needsApproval
        }
        orders.append(report)
    }

    /// The account as the policy sees it for an order in symbol `s`, counting orders
    /// already decided but not yet filled as if they had filled at their decision price
    /// (so two orders on one bar cannot together pass a limit each passes alone).
    private func accountForPolicy(symbol s: Int, dayStartEquity: Double) -> AccountSnapshot {
        var snapshot = portfolio.snapshot(symbol: s, dayStartEquity: dayStartEquity)
        guard pendingCount > 0 else { return snapshot }
        for (symbol, queue) in pending.enumerated() {
            var held = portfolio.qty[symbol]
            for index in queue {
                let intent = orders[index].intent
                let wanted = intent.action == .sellAll ? held : intent.estimatedQty
                let qty = intent.side == .buy ? wanted : min(wanted, held)
                let signed = intent.side == .buy ? qty : -qty
                let price = portfolio.mark[symbol].isFinite ? portfolio.mark[symbol] : intent.price
                snapshot.grossExposure += abs((held + signed) * price) - abs(held * price)
                snapshot.cash -= signed * intent.price
                held += signed
            }
            if symbol == s { snapshot.position = held }
        }
        return snapshot
    }

    func fillPending(symbol s: Int, bar i: Int) throws {
        let bars = series[s]
        let offset = utcOffset(symbol: s, bar: i)
        for index in pending[s] {
            let intent = orders[index].intent
            guard let fill = fills.fill(intent, open: bars.open[i], cash: portfolio.cash, position: portfolio.qty[s]) else {
                orders[index].status = .canceled
                orders[index].note = intent.side == .buy ? "not enough cash for one share at the open" : "nothing left to sell"
                try audit?.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId,
                    brokerOrderId: nil, status: "canceled", message: orders[index].note)), at: OrderIDs.timeText(bars.times[i], utcOffset: offset))
                continue
            }
            portfolio.fill(symbol: s, side: intent.side, qty: fill.qty, price: fill.price, commission: fill.commission,
                           time: bars.times[i], utcOffset: offset)
            orders[index].status = .filled
            orders[index].filledQty = fill.qty
            orders[index].fillPrice = fill.price
            orders[index].commission = fill.commission
            orders[index].filledTime = bars.times[i]
            orders[index].filledOffset = offset
            if let audit {
                let at = OrderIDs.timeText(bars.times[i], utcOffset: offset)
                try audit.append(.fill(FillRecord(orderId: intent.orderId, clientOrderId: intent.clientOrderId, brokerOrderId: nil,
                    symbol: intent.symbol, side: intent.side.rawValue, qty: fill.qty, price: fill.price,
                    commission: fill.commission)), at: at)
                try audit.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId,
                    brokerOrderId: nil, status: "filled")), at: at)
            }
        }
        pendingCount -= pending[s].count
        pending[s].removeAll(keepingCapacity: true)
    }

    /// Orders decided on the last bar have no next open: reported as unfilled.
    func expireUnfilled() throws {
        for queue in pending {
            for index in queue {
                let intent = orders[index].intent
                orders[index].note = "decided on the last bar: no next open to fill at"
                try audit?.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId,
                    brokerOrderId: nil, status: "unfilled", message: orders[index].note)), at: intent.timeText)
            }
        }
    }
}
