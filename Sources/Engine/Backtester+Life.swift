import Audit
import Policy
import RuleLanguage
import Vocabulary

/// Orders with a life (docs/BACKTEST.md, "Orders and exits"): resting limit/stop/stop-limit
/// orders, the exits of a position, and the position's entry values. Every loop calls these
/// in the same order on each bar of a symbol — (a) market fills, (b) `checkResting`,
/// (c) `checkExits`, (d) `closeBar`, the rules, `checkMaxBars` — so all loops agree. The
/// one-bar fill rules are `BarFillRules`, shared with the simulator.
extension Backtester {
    /// (b) The symbol's resting order against bar `i`: it fills by the one-bar rules, or
    /// expires after its last bar.
    func checkResting(symbol s: Int, bar i: Int, open: Double, high: Double, low: Double) throws {
        let life = lives[s]
        guard life.resting >= 0 else { return }
        let entry = entries.pointer(life.resting)
        let bar = BarPrices(open: open, high: high, low: low)
        let price = BarFillRules.orderFill(side: entry.pointee.figures.side, type: life.restingType,
                                           limit: life.restingLimit.isNaN ? nil : life.restingLimit,
                                           stop: life.restingStop.isNaN ? nil : life.restingStop, bar: bar)
        if let price {
            lives[s].resting = -1
            try fill(entry, symbol: s, bar: i, open: price)
        } else if i >= life.restingLastBar {
            lives[s].resting = -1
            entry.pointee.status = .canceled
            entry.pointee.note = .expired
            if let audit { try auditCanceled(entry.pointee, at: names.times.text(s, Int32(i)), audit: audit) }
        }
    }

    /// (c) The position's active exits against bar `i`; then the bar's high and low join the
    /// position's extremes.
    func checkExits(symbol s: Int, bar i: Int, open: Double, high: Double, low: Double) throws {
        guard lives[s].holds else { return }
        if lives[s].hasActiveLegs {
            let life = lives[s]
            let plan = core.strategy.rules[Int(life.exitRule)].exits
            let entryPrice = portfolio.entryPrice(s)
            let closing = portfolio.qty[s] < 0 ? Side.buyToCover : .sell
            var levels = ExitLevels()
            if life.stopLeg >= 0 { levels.stopLoss = plan.stopPercent.isNaN ? life.stopPrice : Self.stopLevel(entryPrice, plan.stopPercent, closing) }
            if life.targetLeg >= 0 {
                levels.takeProfit = plan.targetPercent.isNaN ? life.targetPrice : Self.targetLevel(entryPrice, plan.targetPercent, closing)
            }
            if life.trailingLeg >= 0 {
                // From the highest high below a long, the lowest low above a short.
                let extreme = i == life.entryBar ? entryPrice : closing == .sell ? life.highest : life.lowest
                levels.trailingStop = BarFillRules.trailingStopLevel(closing: closing, extreme: extreme, percent: plan.trailingPercent)
            }
            // On the fill bar the exits meet the bar from the entry's fill on.
            let bar = BarPrices(open: i == life.entryBar ? life.entryLevel : open, high: high, low: low)
            if let hit = BarFillRules.exitFill(closing: closing, levels: levels, bar: bar) {
                let leg: Int
                switch hit.reason {
                case .stopLoss: leg = life.stopLeg
                case .takeProfit: leg = life.targetLeg
                default: leg = life.trailingLeg
                }
                let trigger = audit == nil ? nil
                    : exitTrigger(hit, closing: closing, levels: levels, plan: plan, entryPrice: entryPrice, bar: bar,
                                  mark: i == life.entryBar ? entryPrice : closing == .sell ? life.highest : life.lowest)
                try fill(entries.pointer(leg), symbol: s, bar: i, open: hit.price, trigger: trigger)
                if !lives[s].holds { return }
            }
        }
        lives[s].highest = lives[s].highest.isNaN ? high : max(lives[s].highest, high)
        lives[s].lowest = lives[s].lowest.isNaN ? low : min(lives[s].lowest, low)
    }

    /// The evidence of an exit's fill for the audit log: its level, how the level was set,
    /// and what of the bar reached it (only built when the run writes an audit log).
    @inline(never)
    private func exitTrigger(_ hit: ExitFill, closing: Side, levels: ExitLevels, plan: ExitPlan, entryPrice: Double, bar: BarPrices,
                             mark: Double) -> ExitTrigger {
        let level: Double?, percent: Double
        switch hit.reason {
        case .stopLoss: (level, percent) = (levels.stopLoss, plan.stopPercent)
        case .takeProfit: (level, percent) = (levels.takeProfit, plan.targetPercent)
        case .trailingStop, .maxBars: (level, percent) = (levels.trailingStop, plan.trailingPercent)
        }
        // A stop below a long is reached by the bar's low, a target above it by the high; mirrored for a short.
        let byLow = (hit.reason == .takeProfit) == closing.addsShares
        return ExitTrigger(reason: hit.reason, level: level ?? hit.price, entryPrice: percent.isNaN ? nil : entryPrice,
                           percent: percent.isNaN ? nil : percent, mark: hit.reason == .trailingStop ? mark : nil,
                           open: bar.open, reached: hit.atOpen ? nil : (byLow ? bar.low : bar.high), atOpen: hit.atOpen)
    }

    /// (d) The close of bar `i`: one more bar held. Writes the entry values the strategy
    /// reads (no value while flat) before its rules are evaluated.
    func closeBar(symbol s: Int, close: Double) {
        if lives[s].holds { lives[s].barsHeld += 1 }
        guard core.strategy.readsEntry else { return }
        let life = lives[s]
        let entryPrice = life.holds ? portfolio.entryPrice(s) : .nan
        // Positive when the position gains: the price rose under a long, fell under a short.
        let direction = portfolio.qty[s] < 0 ? -1.0 : 1.0
        core.setEntry(symbol: s, entryPrice: entryPrice, barsHeld: life.holds ? Double(life.barsHeld) : .nan,
                      unrealizedPct: direction * (close - entryPrice) / entryPrice * 100,
                      highest: life.holds ? life.highest : .nan, lowest: life.holds ? life.lowest : .nan)
    }

    /// After the rules of bar `i`: the `max_bars` sell, decided at the close where
    /// `bars_held` reaches it, unless a rule already decided a sell on this close.
    func checkMaxBars(symbol s: Int, bar i: Int, close: Double, ruleSold: Bool, dayStartEquity: Double) throws {
        let life = lives[s]
        guard life.holds, life.exitRule >= 0, !ruleSold else { return }
        let maxBars = core.strategy.rules[Int(life.exitRule)].exits.maxBars
        guard maxBars > 0, life.barsHeld == maxBars else { return }
        portfolio.setMark(s, close)
        if let index = try decideExit(symbol: s, bar: i, rule: life.exitRule, reason: .maxBars, type: .market, price: close,
                                      dayStartEquity: dayStartEquity) {
            queuePending(index, symbol: s)
        }
    }

    /// A fill changed the position of `s` from `wasFlat`: a buy from flat opens the position
    /// and places its exit legs; a sell to flat closes it and cancels the legs left.
    func positionChanged(symbol s: Int, bar i: Int, by entry: OrderEntry, level: Double, wasFlat: Bool) throws {
        let holding = portfolio.qty[s] != 0
        if wasFlat && holding {
            try opened(symbol: s, bar: i, rule: Int(entry.rule), level: level)
        } else if !wasFlat && !holding {
            try closed(symbol: s, bar: i)
        }
    }

    private func opened(symbol s: Int, bar i: Int, rule r: Int, level: Double) throws {
        var life = lives[s]
        life.entryBar = i
        life.entryLevel = level
        life.barsHeld = 0
        life.highest = .nan
        life.lowest = .nan
        let plan = core.strategy.rules[r].exits
        life.exitRule = plan.isEmpty ? -1 : Int32(r)
        life.stopPrice = plan.stopSlot >= 0 ? life.decidedStop : .nan
        life.targetPrice = plan.targetSlot >= 0 ? life.decidedTarget : .nan
        lives[s] = life
        guard !plan.isEmpty else { return }
        // Each leg is an order the policy judges now, at its level, for the whole position.
        let entryPrice = portfolio.entryPrice(s)
        let closing = portfolio.qty[s] < 0 ? Side.buyToCover : .sell
        let day = lifeDayStartEquity
        if !plan.stopPercent.isNaN || plan.stopSlot >= 0 {
            let price = plan.stopPercent.isNaN ? life.stopPrice : Self.stopLevel(entryPrice, plan.stopPercent, closing)
            lives[s].stopLeg = try decideExit(symbol: s, bar: i, rule: Int32(r), reason: .stopLoss, type: .stop, price: price,
                                              dayStartEquity: day) ?? -1
        }
        if !plan.targetPercent.isNaN || plan.targetSlot >= 0 {
            let price = plan.targetPercent.isNaN ? life.targetPrice : Self.targetLevel(entryPrice, plan.targetPercent, closing)
            lives[s].targetLeg = try decideExit(symbol: s, bar: i, rule: Int32(r), reason: .takeProfit, type: .limit, price: price,
                                                dayStartEquity: day) ?? -1
        }
        if !plan.trailingPercent.isNaN {
            let price = BarFillRules.trailingStopLevel(closing: closing, extreme: entryPrice, percent: plan.trailingPercent)
            lives[s].trailingLeg = try decideExit(symbol: s, bar: i, rule: Int32(r), reason: .trailingStop, type: .trailingStop,
                                                  price: price, dayStartEquity: day) ?? -1
        }
    }

    /// A percent stop loss: below the entry of a long (`closing == .sell`), above a short's.
    public static func stopLevel(_ entryPrice: Double, _ percent: Double, _ closing: Side) -> Double {
        closing == .sell ? entryPrice * (1 - percent / 100) : entryPrice * (1 + percent / 100)
    }

    /// A percent take profit: above the entry of a long, below a short's.
    public static func targetLevel(_ entryPrice: Double, _ percent: Double, _ closing: Side) -> Double {
        closing == .sell ? entryPrice * (1 + percent / 100) : entryPrice * (1 - percent / 100)
    }

    private func closed(symbol s: Int, bar i: Int) throws {
        for leg in [lives[s].stopLeg, lives[s].targetLeg, lives[s].trailingLeg] where leg >= 0 {
            let entry = entries.pointer(leg)
            guard entry.pointee.status == .unfilled else { continue }
            entry.pointee.status = .canceled
            entry.pointee.note = .positionClosed
            if let audit { try auditCanceled(entry.pointee, at: names.times.text(s, Int32(i)), audit: audit) }
        }
        let resting = lives[s]
        var life = SymbolLife()
        life.resting = resting.resting
        life.restingLastBar = resting.restingLastBar
        life.restingType = resting.restingType
        life.restingLimit = resting.restingLimit
        life.restingStop = resting.restingStop
        lives[s] = life
    }

    /// An order the engine decides for an exit (a leg, a `max_bars` sell): a sell (a cover,
    /// for a short) of the whole position at `price`, judged by the policy like any order, recorded without a
    /// rule's observed values. Its index in the log when allowed, else nil.
    private func decideExit(symbol s: Int, bar i: Int, rule: Int32, reason: ExitReason, type: OrderType, price: Double,
                            dayStartEquity: Double) throws -> Int? {
        let held = portfolio.qty[s]
        let qty = abs(held)
        var figures = held < 0
            ? OrderFigures(side: .buyToCover, action: .coverAll, qty: qty, notional: nil, price: price, fractional: false)
            : OrderFigures(side: .sell, action: .sellAll, qty: qty, notional: nil, price: price,
                           fractional: core.forceFractional || qty.rounded() != qty)
        figures.orderType = type
        figures.exitReason = reason
        if type == .limit { figures.limitPrice = price }
        if type == .stop || type == .trailingStop { figures.stopPrice = price }
        let account = portfolio.snapshot(symbol: s, dayStartEquity: dayStartEquity)
        let entry = entries.reserve(1)
        entry.initialize(to: OrderEntry(symbol: s, rule: Int(rule), bar: i, figures: figures, account: account))
        let checks = statuses.reserve(checkCount)
        statuses.commit(checkCount)
        if let audit {
            try decideAudited(entry, rule: Int(rule), statuses: checks, observed: nil, audit: audit)
        } else {
            entry.pointee.outcome = entry.pointee.judge(by: names.policy, symbol: names.times.symbols[s], statuses: checks)
        }
        let allowed = PolicyDecision.approves(entry.pointee.outcome, approved: approvedByPerson)
        if allowed {
            if let audit { try auditSubmitted(entry.pointee, audit: audit) }
            entry.pointee.status = .unfilled
        } else if entry.pointee.outcome == .needsApproval {
            entry.pointee.status = .needsApproval
        }
        entries.commit(1)
        return allowed ? entries.count - 1 : nil
    }

    /// The last bar a resting order decided on bar `i` of `s` may fill on: `day` orders the
    /// bar after the decision (intraday: every bar of that bar's New York session).
    func restingLastBar(symbol s: Int, decidedOn i: Int, plan: OrderPlan) -> Int {
        let last = plan.lastBar(decidedOn: i)
        let c = columns[s]
        guard plan.timeInForce == .day, !c.everyBarStartsADay, i + 1 < c.count else { return last }
        var end = i + 1
        while end + 1 < c.count && c.days[end + 1] == c.days[i + 1] { end += 1 }
        return end
    }
}

extension Backtester {
    /// The figures of a resting order (`TradingCore.restingFigures`, the rule live runs use too).
    func restingFigures(_ f: OrderFigures, plan: OrderPlan, symbol s: Int) -> OrderFigures {
        core.restingFigures(f, plan: plan, symbol: s)
    }

    /// The `price:` exit levels of a buy or sell_short rule, at this close (the entry decision).
    func decideLevels(symbol s: Int, rule: Int) {
        let exits = core.strategy.rules[rule].exits
        lives[s].decidedStop = core.price(symbol: s, slot: exits.stopSlot)
        lives[s].decidedTarget = core.price(symbol: s, slot: exits.targetSlot)
    }

    /// Order `index` (allowed) now rests for symbol `s`.
    func rest(_ index: Int, symbol s: Int, bar i: Int, plan: OrderPlan) {
        lives[s].resting = index
        lives[s].restingLastBar = restingLastBar(symbol: s, decidedOn: i, plan: plan)
        lives[s].restingType = plan.type
        lives[s].restingLimit = core.price(symbol: s, slot: plan.limitSlot)
        lives[s].restingStop = core.price(symbol: s, slot: plan.stopSlot)
    }

    /// Whether a rule decided a sell (or a cover) of `s` on bar `i` as its last decision, or
    /// as the first half of a reversal.
    func soldOn(symbol s: Int, bar i: Int) -> Bool {
        var k = entries.count - 1
        while k >= 0 && k >= entries.count - 2 {
            let entry = entries[k]
            guard Int(entry.symbol) == s && Int(entry.bar) == i && !entry.isExit else { return false }
            if entry.closes { return true }
            k -= 1
        }
        return false
    }
}
