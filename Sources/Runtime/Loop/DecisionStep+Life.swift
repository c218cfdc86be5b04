import Audit
import Engine
import Policy
import Vocabulary

/// The life of each open position in a live run (`PositionLife`), bar by bar in the order the
/// backtest keeps (docs/BACKTEST.md §8): at the close of a bar, one more bar held and its high
/// and low; the entry values the strategy reads; on the entry's fill bar, before the rules, the
/// trailing stop (a `trailing_stop` order with `trail_percent`, which Alpaca does not take in
/// a bracket); after the rules, the `max_bars` sale.
extension DecisionStep {
    /// Brings symbol `s`'s position life to the close of the bar at `time` (history or live).
    @discardableResult
    func advanceLife(symbol s: Int, time: Int64, high: Double, low: Double) -> PositionLife? {
        defer { lastSeen[s] = time }
        guard journal.ledger.expectedPositions[core.symbols[s]] != nil else {
            lives[s] = nil
            return nil
        }
        guard var life = lives[s] ?? startLife(symbol: s, time: time) else { return nil }
        life.barsHeld += 1
        life.highest = life.highest.isNaN ? high : max(life.highest, high)
        life.lowest = life.lowest.isNaN ? low : min(life.lowest, low)
        lives[s] = life
        return life
    }

    /// A position seen held at bar `time` with no life yet. A market entry fills on the bar
    /// after its decision, so this is its fill bar when the run stepped the decision bar last
    /// (and a history bar not after the decision is from before the entry: nil). A resting
    /// entry's fill bar is this one when this run recorded the fill; otherwise it is not known.
    private func startLife(symbol s: Int, time: Int64) -> PositionLife? {
        guard let opener = openingOrder(of: core.symbols[s]) else { return PositionLife(entryBar: time, known: false) }
        let rule = opener.ruleId.flatMap { id in core.strategy.rules.firstIndex { $0.id == id } }
        var life = PositionLife(entryBar: time, rule: rule)
        life.opener = opener.clientOrderId
        if let rule, !core.strategy.rules[rule].order.rests, let decided = opener.decisionTime {
            if time <= decided { return nil }
            life.known = lastSeen[s].map { $0 <= decided } ?? false
        } else {
            life.known = router.filledThisRun.contains(opener.clientOrderId)
        }
        return life
    }

    /// The last filled order of ours that opened a position in `symbol` (not an exit's).
    private func openingOrder(of symbol: String) -> AuditLedger.Order? {
        let ledger = journal.ledger
        for id in ledger.submissionOrder.reversed() {
            guard let order = ledger.orders[id], order.symbol == symbol, order.exitReason == nil, order.filledQty > 0,
                  order.side.opens else { continue }
            return order
        }
        return nil
    }

    /// The entry values symbol `s`'s conditions read at this close (no value while flat or
    /// while the life is not known), as the backtest's `closeBar` writes them.
    func setEntryValues(symbol s: Int, close: Double, life: PositionLife?) {
        guard core.strategy.readsEntry else { return }
        let symbol = core.symbols[s]
        guard let life, life.known else {
            core.setEntry(symbol: s, entryPrice: .nan, barsHeld: .nan, unrealizedPct: .nan, highest: .nan, lowest: .nan)
            return
        }
        let entryPrice = journal.ledger.entryPrice(symbol)
        // Positive when the position gains: the price rose under a long, fell under a short.
        let direction = (journal.ledger.expectedPositions[symbol] ?? 0) < 0 ? -1.0 : 1.0
        core.setEntry(symbol: s, entryPrice: entryPrice, barsHeld: Double(life.barsHeld),
                      unrealizedPct: direction * (close - entryPrice) / entryPrice * 100, highest: life.highest, lowest: life.lowest)
    }

    /// The trailing stop of a position first seen held on this bar (its fill bar), decided
    /// before the rules with the backtest's id and level (entry price × (1 − percent)); sent as
    /// a `trailing_stop` order whose mark the broker then keeps. Once per position; not again
    /// when one of ours is already open (an earlier run placed it).
    func placeTrailingStop(symbol s: Int, time: Int64, utcOffset: Int32?) async throws {
        guard var life = lives[s], !life.trailingDecided, let r = life.rule else { return }
        let percent = core.strategy.rules[r].exits.trailingPercent
        // Beside a stop loss or take profit, or for a fraction of a share, the bot watches it (`DecisionStep+Trailing`).
        guard !percent.isNaN, !watchesTrailingStop(rule: r, symbol: s) else { return }
        life.trailingDecided = true
        lives[s] = life
        let symbol = core.symbols[s]
        if journal.openOrders.contains(where: { $0.symbol == symbol && $0.exitReason == .trailingStop }) { return }
        let held = journal.ledger.expectedPositions[symbol] ?? 0
        let closing: Side = held < 0 ? .buyToCover : .sell
        let level = BarFillRules.trailingStopLevel(closing: closing, extreme: journal.ledger.entryPrice(symbol), percent: percent)
        var figures = Self.closing(held, price: level)
        figures.orderType = .trailingStop
        figures.stopPrice = level
        figures.exitReason = .trailingStop
        let intent = OrderIntent(strategy: core.strategy.source.name, symbol: symbol, ruleId: core.strategy.rules[r].id, time: time,
                                 utcOffset: utcOffset, figures: figures)
        guard journal.ledger.decisions[intent.decisionId] == nil else { return }
        // A protective order is placed whenever it can be: the stale-bar gate is about fills at the next open.
        _ = try await decide(intent, rule: r, observed: [], account: session.snapshot(for: symbol, price: level),
                             gates: { self.gate.gates(actionable: true, side: intent.side) })
    }

    /// After the rules of this close: the `max_bars` sale of the whole position at the close
    /// where `bars_held` reaches it, unless a rule decided a sale on this close.
    func checkMaxBars(symbol s: Int, group: BarGroup, close: Double, ruleSold: Bool, newest: Bool) async throws {
        guard !ruleSold, let life = lives[s], life.known, let r = life.rule else { return }
        let maxBars = core.strategy.rules[r].exits.maxBars
        let symbol = core.symbols[s]
        guard maxBars > 0, life.barsHeld == maxBars, !isSelling(symbol) else { return }
        var figures = Self.closing(journal.ledger.expectedPositions[symbol] ?? 0, price: close)
        figures.exitReason = .maxBars
        let intent = OrderIntent(strategy: core.strategy.source.name, symbol: symbol, ruleId: core.strategy.rules[r].id,
                                 time: group.time, utcOffset: group.utcOffset, figures: figures)
        guard journal.ledger.decisions[intent.decisionId] == nil else { return }
        _ = try await decide(intent, rule: r, observed: [], account: session.snapshot(for: symbol, price: close),
                             gates: { self.gate.gates(actionable: await self.isStillActionable(group, newest: newest), side: intent.side) })
    }

    /// Whether a sale (or cover) of `symbol` is in flight (a watched exit decided on this close).
    func isSelling(_ symbol: String) -> Bool {
        journal.openOrders.contains { $0.symbol == symbol && !$0.side.opens && !$0.isExitLeg }
    }

    /// The sale (a long) or cover (a short) of the whole position `held` at `price`, as the
    /// backtest's `decideExit` makes it.
    static func closing(_ held: Double, price: Double) -> OrderFigures {
        let qty = abs(held)
        return held < 0
            ? OrderFigures(side: .buyToCover, action: .coverAll, qty: qty, notional: nil, price: price, fractional: false)
            : OrderFigures(side: .sell, action: .sellAll, qty: qty, notional: nil, price: price, fractional: qty.rounded() != qty)
    }
}
