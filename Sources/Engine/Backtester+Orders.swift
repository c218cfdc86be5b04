import Audit
import MarketData
import Policy

/// The rare path of a backtest: a rule fired, the policy decides, orders fill.
extension Backtester {
    func decide(symbol s: Int, bar i: Int, rule: Int, dayStartEquity: Double) throws {
        let bars = series[s]
        let timeText = bars.timeText(i)
        guard let intent = core.intent(symbol: s, rule: rule, time: bars.times[i], timeText: timeText, price: bars.close[i],
                                       equity: portfolio.equity, position: portfolio.qty[s]) else { return }
        let approval = options.settings.approveAll ? HumanApproval(by: "--approve-all") : nil
        let decision = core.decide(intent, account: accountForPolicy(dayStartEquity: dayStartEquity), approval: approval)
        var report = OrderReport(decision: decision, decidedAt: timeText, status: .blocked)
        if let audit, let records {
            let record = records.record(decision, rule: core.strategy.rules[rule], observed: core.observed(symbol: s, rule: rule))
            try audit.append(.decision(record), at: timeText)
        }
        if let approved = decision.approvedOrder {
            if let audit {
                try audit.append(.orderSubmitted(OrderSubmitted(
                    orderId: intent.orderId, clientOrderId: intent.clientOrderId, decisionId: intent.decisionId,
                    symbol: intent.symbol, side: intent.side.rawValue, qty: intent.qty, notional: intent.notional,
                    broker: "backtest")), at: timeText)
            }
            report.status = .unfilled
            pending[s].append(orders.count)
            pendingCount += 1
            _ = approved
        } else if decision.outcome == .needsApproval {
            report.status = .needsApproval
        }
        orders.append(report)
    }

    /// The account as the policy sees it, counting orders already decided but not yet
    /// filled as if they had filled at their decision price (so two orders on one bar
    /// cannot together pass a limit each passes alone).
    private func accountForPolicy(dayStartEquity: Double) -> AccountSnapshot {
        var snapshot = portfolio.snapshot(dayStartEquity: dayStartEquity)
        guard pendingCount > 0 else { return snapshot }
        for queue in pending {
            for index in queue {
                let intent = orders[index].intent
                var holding = snapshot.holdings[intent.symbol] ?? .init(qty: 0, price: intent.price)
                let wanted = intent.action == .sellAll ? holding.qty : intent.estimatedQty
                let qty = intent.side == .buy ? wanted : min(wanted, holding.qty)
                let signed = intent.side == .buy ? qty : -qty
                holding.qty += signed
                snapshot.holdings[intent.symbol] = holding
                snapshot.cash -= signed * intent.price
            }
        }
        return snapshot
    }

    func fillPending(symbol s: Int, bar i: Int) throws {
        let bars = series[s]
        let timeText = bars.timeText(i)
        for index in pending[s] {
            let intent = orders[index].intent
            guard let fill = fills.fill(intent, open: bars.open[i], cash: portfolio.cash, position: portfolio.qty[s]) else {
                orders[index].status = .canceled
                orders[index].note = intent.side == .buy ? "not enough cash for one share at the open" : "nothing left to sell"
                try audit?.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId,
                    brokerOrderId: nil, status: "canceled", message: orders[index].note)), at: timeText)
                continue
            }
            portfolio.fill(symbol: s, side: intent.side, qty: fill.qty, price: fill.price, commission: fill.commission, time: bars.times[i], timeText: timeText)
            orders[index].status = .filled
            orders[index].filledQty = fill.qty
            orders[index].fillPrice = fill.price
            orders[index].commission = fill.commission
            orders[index].filledAt = timeText
            if let audit {
                try audit.append(.fill(FillRecord(orderId: intent.orderId, clientOrderId: intent.clientOrderId, brokerOrderId: nil,
                    symbol: intent.symbol, side: intent.side.rawValue, qty: fill.qty, price: fill.price,
                    commission: fill.commission)), at: timeText)
                try audit.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId,
                    brokerOrderId: nil, status: "filled")), at: timeText)
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
                    brokerOrderId: nil, status: "unfilled", message: orders[index].note)), at: orders[index].decidedAt)
            }
        }
    }
}
