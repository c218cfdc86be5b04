import Audit
import Engine
import Policy
import Vocabulary

/// A trailing stop beside a stop loss or take profit, or of a position in a fraction of a share
/// (Alpaca takes trailing stops for whole shares only). Beside legs: Alpaca holds a position's shares for one
/// set of exit orders (`held_for_orders`), the bracket's legs, and refuses a `trailing_stop` sale
/// of the same shares. The bot watches it instead, at each close, with the backtest's level
/// (docs/BACKTEST.md §8): the highest high since the fill bar (the lowest low, for a short) moved
/// by the percent, the life's own figures (`PositionLife`). When the close is at or beyond it, the
/// legs are canceled (fail closed, `exit_legs_open`, as before a rule's sale) and the whole
/// position is sold at the next open with a market order recorded as a `trailing_stop` exit, with
/// a `note` of kind `exit_watched`. The runner sees closes only: the backtest fills the same stop
/// inside the bar that reaches it (docs/RUN.md, "Where live and the backtest differ").
extension DecisionStep {
    /// Whether rule `r`'s trailing stop on symbol `s`'s position is watched by the bot rather than
    /// sent as an order: beside a stop loss or take profit (whose legs hold the shares), or for a
    /// position in a fraction of a share (Alpaca takes trailing stops for whole shares only).
    func watchesTrailingStop(rule r: Int, symbol s: Int) -> Bool {
        let plan = core.strategy.rules[r].exits
        guard !plan.trailingPercent.isNaN else { return false }
        return !plan.stopPercent.isNaN || plan.stopSlot >= 0 || !plan.targetPercent.isNaN || plan.targetSlot >= 0
            || holdsFraction(symbol: s)
    }

    /// Whether the audit log says the position of symbol `s` is a fraction of a share.
    func holdsFraction(symbol s: Int) -> Bool {
        let held = journal.ledger.expectedPositions[core.symbols[s]] ?? 0
        return held != held.rounded()
    }

    /// At the close of the bar, before the rules: the watched trailing stop of symbol `s`'s position.
    func checkWatchedTrailingStop(symbol s: Int, group: BarGroup, close: Double, newest: Bool) async throws {
        guard let life = lives[s], let r = life.rule, watchesTrailingStop(rule: r, symbol: s) else { return }
        let symbol = core.symbols[s]
        let held = journal.ledger.expectedPositions[symbol] ?? 0
        guard held != 0, !isSelling(symbol) else { return }
        let closing: Side = held < 0 ? .buyToCover : .sell
        let extreme = closing == .sell ? life.highest : life.lowest
        let percent = core.strategy.rules[r].exits.trailingPercent
        let level = BarFillRules.trailingStopLevel(closing: closing, extreme: extreme, percent: percent)
        guard level.isFinite, closing == .sell ? close <= level : close >= level else { return }
        var figures = Self.closing(held, price: close)
        figures.exitReason = .trailingStop
        let intent = OrderIntent(strategy: core.strategy.source.name, symbol: symbol, ruleId: core.strategy.rules[r].id,
                                 time: group.time, utcOffset: group.utcOffset, figures: figures)
        guard journal.ledger.decisions[intent.decisionId] == nil else { return }
        let extremeText = closing == .sell ? "highest high" : "lowest low"
        let why = holdsFraction(symbol: s)
            ? "Alpaca takes no trailing stop for a fraction of a share, so the bot watched the trailing stop at each close; it "
                + "closes the position at the next open with a market order"
            : "Alpaca holds the position's shares for its stop loss and take profit orders and takes no trailing stop beside "
                + "them, so the bot watched the trailing stop at each close; it cancels those orders and closes the position at "
                + "the next open with a market order"
        try journal.append(.note(NoteRecord(kind: "exit_watched", message: "\(intent.decisionId): trailing_stop at "
            + "\(Money.text(level)) = the \(extremeText) since the entry, \(Money.text(extreme)), \(closing == .sell ? "−" : "+") "
            + "\(Money.plain(percent)) %; the close, \(Money.text(close)), is at or \(closing == .sell ? "below" : "above") it. "
            + why, decisionId: intent.decisionId)), at: intent.timeText)
        _ = try await decide(intent, rule: r, observed: [], account: session.snapshot(for: symbol, price: close),
                             gates: { self.gate.gates(actionable: await self.isStillActionable(group, newest: newest), side: intent.side) })
    }
}
