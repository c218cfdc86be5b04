import Alpaca
import Audit
import Engine
import Policy
import RuleLanguage
import Vocabulary

/// The exit legs of a live entry (docs/RUN.md, "What goes live as what"): the rule's
/// `stop_loss` and `take_profit` go with the entry that opens a position from flat, as one
/// `bracket` (both) or `oto` (one) order, so the broker holds them from the fill on, whether
/// the bot is running or not.
///
/// Each leg is an order of its own that the policy judges and the audit log records (decision
/// id `…:stop_loss`, `…:take_profit`) before the entry is sent: a sale (a cover, for a short)
/// of the entry's shares at the leg's level, judged as if the entry had filled, so it reduces
/// the position and passes the built-in limits; user rules still apply. A leg the policy does
/// not allow is not sent (as in the backtest, it is not active). Alpaca needs the legs' prices
/// when the bracket is sent, so a percent level is measured from the price the entry is judged
/// at (the decision close for a market entry, its limit or stop price for a resting one); the
/// backtest measures from the fill. `price:` levels are the expression's value at the decision
/// close in both.
extension DecisionStep {
    /// The legs the policy allows for `entry` (rule `r`'s order), each decision recorded; none
    /// when the rule has no stop loss or take profit, or the order does not open a position
    /// from flat (a later buy keeps the legs the position has).
    func exitLegs(for entry: ApprovedOrder, rule r: Int) throws -> ExitLegOrders {
        let intent = entry.intent
        let plan = core.strategy.rules[r].exits
        let hasStop = !plan.stopPercent.isNaN || plan.stopSlot >= 0, hasTarget = !plan.targetPercent.isNaN || plan.targetSlot >= 0
        guard hasStop || hasTarget, intent.side.opens, let s = core.symbols.firstIndex(of: intent.symbol),
              abs(session.inFlightHoldings().position(intent.symbol)) < 1e-9,
              let amount = OrderSizing.amount(for: entry) else { return ExitLegOrders() }
        guard let qty = amount.qty, qty == qty.rounded() else {
            // Alpaca holds no exit order for a fraction of a share: the bot watches the levels
            // (`checkWatchedExits`); the `price:` ones are this close's values.
            watchedLevels[intent.clientOrderId] = WatchedLevels(
                stop: plan.stopSlot >= 0 ? core.price(symbol: s, slot: plan.stopSlot) : .nan,
                target: plan.targetSlot >= 0 ? core.price(symbol: s, slot: plan.targetSlot) : .nan)
            logger.info("fractional entry: its stop loss and take profit are watched by the bot, not held by the broker",
                        metadata: ["decision": "\(intent.decisionId)"])
            return ExitLegOrders()
        }
        let closing: Side = intent.side == .buy ? .sell : .buyToCover
        let base = intent.price
        var legs = ExitLegOrders()
        if hasStop {
            let level = plan.stopPercent.isNaN ? core.price(symbol: s, slot: plan.stopSlot)
                : Backtester.stopLevel(base, plan.stopPercent, closing)
            legs.stopLoss = try judgeLeg(of: intent, rule: r, reason: .stopLoss, level: level, qty: qty, closing: closing)
        }
        if hasTarget {
            let level = plan.targetPercent.isNaN ? core.price(symbol: s, slot: plan.targetSlot)
                : Backtester.targetLevel(base, plan.targetPercent, closing)
            legs.takeProfit = try judgeLeg(of: intent, rule: r, reason: .takeProfit, level: level, qty: qty, closing: closing)
        }
        return legs
    }

    /// One leg judged and recorded (at the entry's decision bar); the approved order, or nil.
    private func judgeLeg(of entry: OrderIntent, rule r: Int, reason: ExitReason, level: Double, qty: Double,
                          closing: Side) throws -> ApprovedOrder? {
        var figures = closing == .sell
            ? OrderFigures(side: .sell, action: .sellAll, qty: qty, notional: nil, price: level, fractional: false)
            : OrderFigures(side: .buyToCover, action: .coverAll, qty: qty, notional: nil, price: level, fractional: false)
        figures.orderType = reason == .takeProfit ? .limit : .stop
        figures.exitReason = reason
        if reason == .takeProfit { figures.limitPrice = level } else { figures.stopPrice = level }
        let leg = OrderIntent(strategy: entry.strategy, symbol: entry.symbol, ruleId: entry.ruleId, time: entry.time,
                              utcOffset: entry.utcOffset, figures: figures)
        guard journal.ledger.decisions[leg.decisionId] == nil else { return nil }
        // Judged as the position will be once the entry fills: the leg then only reduces it.
        var account = session.snapshot(for: entry.symbol, price: level)
        account.position += entry.side.sign * qty
        let decision = core.decide(leg, account: account)
        var record = records.record(decision, rule: core.strategy.rules[r], observed: [])
        // The leg goes to the broker under its entry's name, which the record says.
        record.order.clientOrderId = (reason == .stopLoss ? ExitLeg.stopLoss : .takeProfit).clientOrderId(parent: entry.clientOrderId)
        try write(record, symbol: entry.symbol, at: leg.timeText)
        options.afterDecision?(record, leg.timeText)
        if decision.outcome != .allow {
            logger.notice("exit leg not allowed; the entry goes without it",
                          metadata: ["decision": "\(record.id)", "outcome": "\(record.effectiveOutcome)"])
        }
        return decision.approvedOrder
    }

    /// A bracket's legs live as long as its entry's `time_in_force`: an entry with legs is sent
    /// `gtc` (a market entry fills at the open either way; a resting one with legs must be `gtc`,
    /// `LiveCoverage`), so its stop loss does not end with the session.
    static func timeInForce(_ plan: OrderPlan, legs: ExitLegOrders) -> Vocabulary.TimeInForce {
        legs.isEmpty ? plan.timeInForce : .gtc
    }
}
