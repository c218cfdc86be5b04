import Audit
import Engine
import Policy
import Vocabulary

/// Exits Alpaca cannot hold as orders: the stop loss and take profit of a position in a
/// fraction of a share (Alpaca takes no fractional stop or bracket). The bot watches the levels
/// itself, at each bar's close: when the bar reached one (by the backtest's one-bar rules,
/// `BarFillRules.exitFill`, the stop first when both were), it decides a market sale of the whole
/// position with that `exit_reason`, which fills at the next open; a `note` of kind
/// `exit_watched` says which level the bar reached and that the bot, not the broker, held it.
/// The backtest fills the same exit at the level on that bar: a watched exit fills one open
/// later (docs/RUN.md, "Exits: what goes live as what").
extension DecisionStep {
    func checkWatchedExits(symbol s: Int, group: BarGroup, bar: BarPrices, close: Double, newest: Bool) async throws {
        guard var life = lives[s], let r = life.rule else { return }
        let plan = core.strategy.rules[r].exits
        let hasStop = !plan.stopPercent.isNaN || plan.stopSlot >= 0, hasTarget = !plan.targetPercent.isNaN || plan.targetSlot >= 0
        let symbol = core.symbols[s]
        let held = journal.ledger.expectedPositions[symbol] ?? 0
        // Whole shares: the broker holds the bracket's legs, unless the entry went without them
        // because it was sent as a fraction or a dollar amount (this run watches it then).
        let watched = held != held.rounded() || life.opener.map { watchedLevels[$0] != nil } == true
        guard hasStop || hasTarget, watched, !isSelling(symbol) else { return }
        let closing: Side = held < 0 ? .buyToCover : .sell
        let entryPrice = journal.ledger.entryPrice(symbol)
        let fixed = life.opener.flatMap { watchedLevels[$0] } ?? WatchedLevels()
        var levels = ExitLevels()
        if hasStop {
            let level = plan.stopPercent.isNaN ? fixed.stop : Backtester.stopLevel(entryPrice, plan.stopPercent, closing)
            if level.isFinite { levels.stopLoss = level }
        }
        if hasTarget {
            let level = plan.targetPercent.isNaN ? fixed.target : Backtester.targetLevel(entryPrice, plan.targetPercent, closing)
            if level.isFinite { levels.takeProfit = level }
        }
        if (hasStop && levels.stopLoss == nil) || (hasTarget && levels.takeProfit == nil), !life.unwatchedNoted {
            life.unwatchedNoted = true
            lives[s] = life
            try journal.append(.note(NoteRecord(kind: "exit_watched", message: "\(symbol): the position's price: exit levels were "
                + "set at an entry decided before this run started and are not known to it; they are not watched (the percent "
                + "levels and the rules still are). Close the position by hand if it needs them")))
            logger.warning("price: exit levels of a fractional position are not known after the restart; not watched",
                           metadata: ["symbol": "\(symbol)"])
        }
        guard let hit = BarFillRules.exitFill(closing: closing, levels: levels,
                                              bar: bar) else { return }
        var figures = Self.closing(held, price: close)
        figures.exitReason = hit.reason
        let intent = OrderIntent(strategy: core.strategy.source.name, symbol: symbol, ruleId: core.strategy.rules[r].id,
                                 time: group.time, utcOffset: group.utcOffset, figures: figures)
        guard journal.ledger.decisions[intent.decisionId] == nil else { return }
        let level = hit.reason == .takeProfit ? levels.takeProfit : levels.stopLoss
        let how = hit.atOpen ? "the bar opened through it at \(Money.text(bar.open))"
            : "the bar's \(closing.addsShares == (hit.reason == .takeProfit) ? "low" : "high") reached it"
        try journal.append(.note(NoteRecord(kind: "exit_watched", message: "\(intent.decisionId): \(hit.reason.rawValue) at "
            + "\(Money.text(level ?? hit.price)); \(how). Alpaca holds no exit order for a fraction of a share, so the bot watched "
            + "the level and sells the position at the next open with a market order", decisionId: intent.decisionId)), at: intent.timeText)
        _ = try await decide(intent, rule: r, observed: [], account: session.snapshot(for: symbol, price: close),
                             gates: { self.gate.gates(actionable: await self.isStillActionable(group, newest: newest), side: intent.side) })
    }
}

extension DecisionStep {
    /// After a restart, at a bar it replays (warm-up history) or decides again: the `price:` exit
    /// levels of a watched entry an earlier run sent (filled or still on its way), read again from
    /// the strategy's values at the entry's decision close, as that run read them. Watched means
    /// the entry went without legs (sent as a fraction of a share or a dollar amount, `exitLegs`).
    func recoverWatchedLevels(symbol s: Int, time: Int64) {
        let symbol = core.symbols[s]
        let ledger = journal.ledger
        for id in ledger.submissionOrder.reversed() {
            guard let order = ledger.orders[id], order.symbol == symbol, order.exitReason == nil, order.side.opens else { continue }
            // The symbol's latest entry; only on its decision bar, once, while it can hold a position.
            let withoutLegs = order.notional != nil || order.qty.map { $0 != $0.rounded() } == true
            guard order.decisionTime == time, watchedLevels[id] == nil, withoutLegs,
                  order.isOpen || ledger.expectedPositions[symbol] != nil,
                  let r = order.ruleId.flatMap({ rule in core.strategy.rules.firstIndex { $0.id == rule } }) else { return }
            let plan = core.strategy.rules[r].exits
            guard plan.stopSlot >= 0 || plan.targetSlot >= 0 else { return }
            watchedLevels[id] = WatchedLevels(stop: plan.stopSlot >= 0 ? core.price(symbol: s, slot: plan.stopSlot) : .nan,
                                              target: plan.targetSlot >= 0 ? core.price(symbol: s, slot: plan.targetSlot) : .nan)
            logger.info("the price: exit levels of a watched entry are read again from its decision bar",
                        metadata: ["client_order_id": "\(id)"])
            return
        }
    }
}
