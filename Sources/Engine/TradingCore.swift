import Policy
import RuleLanguage
import Vocabulary

/// The decision half of the engine, shared by backtests, dry runs and paper trading:
/// bars go in, the strategy fires a rule, the rule becomes an order intent, the policy
/// judges it. Where orders go and how time passes is the caller's business.
public final class TradingCore {
    public let strategy: CompiledStrategy
    public let policy: CompiledPolicy
    public let symbols: [String]
    let states: [StrategyState]
    /// Raw views of `states` for the hot loop (valid while `states` lives, i.e. always).
    private let handles: UnsafeMutablePointer<StrategyState.Handle>
    /// Fractional shares for every order, whatever the sizes say.
    let forceFractional: Bool
    /// Each rule's action and size as plain data, so sizing an order reads no text.
    private let sizings: [Sizing]

    private struct Sizing {
        let action: Action
        let amount: CheckedStrategy.Size.Amount?
        let fractional: Bool
    }

    public init(strategy: CompiledStrategy, policy: CompiledPolicy, symbols: [String], forceFractional: Bool = false) {
        self.strategy = strategy
        self.policy = policy
        self.symbols = symbols
        self.forceFractional = forceFractional
        sizings = strategy.rules.map { Sizing(action: $0.action, amount: $0.size?.amount, fractional: $0.size?.fractional ?? false) }
        states = symbols.map { _ in strategy.makeState() }
        handles = .allocate(capacity: max(symbols.count, 1))
        handles.initialize(from: states.map(StrategyState.Handle.init), count: states.count)
    }

    deinit { handles.deallocate() }

    /// Feeds one bar of symbol `s` (with the account as of its close) and returns the
    /// index of the strategy rule that fires, if any. The per-bar hot path.
    @inline(__always)
    public func step(symbol s: Int, open: Double, high: Double, low: Double, close: Double, volume: Double,
                     position: Double, equity: Double, cash: Double) -> Int? {
        let state = handles[s]
        strategy.advance(state, open: open, high: high, low: low, close: close, volume: volume,
                         position: position, positionValue: position * close, equity: equity, cash: cash)
        return strategy.firingRule(state)
    }

    /// The New York session (trading day) of symbol `s`'s next bar, for strategies that
    /// read it (`strategy.needsSession`); call before `step`.
    @inline(__always)
    public func setSession(symbol s: Int, day: Int64) {
        strategy.setSession(handles[s], day: day)
    }

    /// Bar `bar`'s value of each strategy input of symbol `s` (`columns[k]` is the column of
    /// `strategy.inputs[k]`, `InputColumns`), for strategies that have inputs; call before `step`.
    @inline(__always)
    package func setInputs(symbol s: Int, bar: Int, columns: UnsafePointer<UnsafePointer<Double>>) {
        strategy.setInputs(handles[s], bar: bar, columns: columns)
    }

    /// The same for one bar that starts at `time` (the live runner, a bar at a time).
    /// `reference(k)` gives the value of input k (another symbol's, `referenceStates`) at this time.
    package func setInputs(symbol s: Int, time: Int64, daily: Bool, reference: (Int) -> Double = { _ in .nan }) {
        guard !strategy.inputs.isEmpty else { return }
        let values = strategy.inputs.indices.map { k -> Double in
            if case .reference = strategy.inputs[k] { return reference(k) }
            return InputColumns.value(strategy.inputs[k], time: time, daily: daily)
        }
        let columns = values.map { value -> UnsafePointer<Double> in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: 1)
            p.initialize(to: value)
            return UnsafePointer(p)
        }
        defer { columns.forEach { UnsafeMutablePointer(mutating: $0).deallocate() } }
        columns.withUnsafeBufferPointer { strategy.setInputs(handles[s], bar: 0, columns: $0.baseAddress!) }
    }

    /// The open position's entry values of symbol `s` for its next bar (NaN while flat), for
    /// strategies that read them (`strategy.readsEntry`); call before `step`.
    @inline(__always)
    public func setEntry(symbol s: Int, entryPrice: Double, barsHeld: Double, unrealizedPct: Double, highest: Double, lowest: Double) {
        strategy.setEntry(handles[s], entryPrice: entryPrice, barsHeld: barsHeld, unrealizedPct: unrealizedPct,
                          highest: highest, lowest: lowest)
    }

    /// The value of a price slot (an order's or an exit's price) of symbol `s` on its last bar.
    public func price(symbol s: Int, slot: Int32) -> Double { strategy.price(handles[s], slot: slot) }

    /// Bars symbol `s` has seen (warm-up progress).
    public func barsSeen(symbol s: Int) -> Int { states[s].barsSeen }

    /// Turns a fired rule into an order intent sized at the decision bar's close, or nil
    /// when there is nothing to do (selling a symbol that is not held). A rule that would
    /// reverse the position gives its first half, the sale (or cover) of the whole position:
    /// a live run sends one order per decision, so it never sells part of a long as a "short". A rule whose
    /// `order:` rests is judged at its limit or stop price (`restingFigures`), as in the backtest; the
    /// first half of a reversal is a market order.
    public func intent(symbol s: Int, rule r: Int, time: Int64, utcOffset: Int32?, price: Double,
                       equity: Double, position: Double) -> OrderIntent? {
        var figures: OrderFigures
        if let closing = reversal(rule: r, price: price, position: position) {
            figures = closing
        } else {
            guard let own = self.figures(rule: r, price: price, equity: equity, position: position) else { return nil }
            figures = own
            let plan = strategy.rules[r].order
            if plan.rests { figures = restingFigures(figures, plan: plan, symbol: s) }
        }
        return OrderIntent(strategy: strategy.source.name, symbol: symbols[s], ruleId: strategy.rules[r].id, time: time,
                           utcOffset: utcOffset, figures: figures)
    }

    /// The figures of that intent: what the policy judges, without names or ids. Shorts
    /// (`sell_short`, `buy_to_cover`, `cover_all`) are whole shares whatever the sizes say
    /// (Alpaca does not short fractions). Nil when there is nothing to do: selling or
    /// covering a position that is not there.
    @inline(__always)
    public func figures(rule r: Int, price: Double, equity: Double, position: Double) -> OrderFigures? {
        let sizing = sizings[r]
        var qty: Double?
        var notional: Double?
        let side = sizing.action.side
        let fractional = (forceFractional || sizing.fractional) && side.positionSide == .long
        switch (sizing.action, sizing.amount) {
        case (.sellAll, _):
            guard position > 0 else { return nil }
            qty = position
        case (.coverAll, _):
            guard position < 0 else { return nil }
            qty = -position
        case (_, .percentOfEquity(let p)?): notional = equity * p / 100
        case (_, .notional(let n)?): notional = n
        case (_, .shares(let n)?): qty = fractional ? n : n.rounded(.down)
        case (_, nil): return nil
        }
        switch side {
        case .sell:
            guard position > 0 else { return nil }
            if let q = qty { qty = min(q, position) }
        case .buyToCover:
            guard position < 0 else { return nil }
            if let q = qty { qty = min(q, -position) }
        case .buy, .sellShort: break
        }
        return OrderFigures(side: side, action: sizing.action, qty: qty, notional: notional, price: price, fractional: fractional)
    }

    /// The figures of a resting order (limit, stop, stop-limit) decided on symbol `s`'s last
    /// bar: sized as `figures` sized it at the close, judged at its limit price (limit,
    /// stop-limit) or stop price (stop), the expressions' values at this close. The one
    /// statement of it for the backtest and live runs.
    public func restingFigures(_ f: OrderFigures, plan: OrderPlan, symbol s: Int) -> OrderFigures {
        let limit = price(symbol: s, slot: plan.limitSlot), stop = price(symbol: s, slot: plan.stopSlot)
        var figures = OrderFigures(side: f.side, action: f.action, qty: f.qty, notional: f.notional,
                                   price: plan.type.needsLimitPrice ? limit : stop, fractional: f.fractional)
        figures.orderType = plan.type
        figures.limitPrice = plan.type.needsLimitPrice ? limit : nil
        figures.stopPrice = plan.type.needsStopPrice ? stop : nil
        return figures
    }

    /// The order that first closes the position a rule's order would reverse (docs/RULES.md,
    /// "Reversals"): `sell_short` while long sells the whole long position first, `buy`
    /// while short covers the whole short first. Nil when the rule does not reverse.
    @inline(__always)
    public func reversal(rule r: Int, price: Double, position: Double) -> OrderFigures? {
        var closing: OrderFigures
        switch sizings[r].action {
        case .sellShort where position > 0:
            closing = OrderFigures(side: .sell, action: .sellAll, qty: position, notional: nil, price: price,
                                   fractional: forceFractional || position.rounded() != position)
        case .buy where position < 0:
            closing = OrderFigures(side: .buyToCover, action: .coverAll, qty: -position, notional: nil, price: price, fractional: false)
        default:
            return nil
        }
        closing.reversing = true
        return closing
    }

    /// The values the fired rule saw on this bar (for the decision record).
    public func observed(symbol s: Int, rule r: Int) -> [(expression: String, value: Double, previous: Double?)] {
        strategy.observedValues(rule: r, in: states[s])
    }

    /// Writes the figures of `observed(symbol:rule:)` (value, previous; NaN = none).
    @inline(__always)
    func copyObserved(symbol s: Int, rule r: Int, to out: UnsafeMutablePointer<Double>) {
        strategy.copyObserved(rule: r, in: handles[s], to: out)
    }

    /// A block-at-a-time runner over symbol `s`'s state, or nil when the strategy must run
    /// bar by bar (an indicator over an account value).
    /// `shared`: the symbol's whole-series columns a sweep shares (`SeriesColumns`), for a
    /// state that has seen no bar yet.
    func blockEvaluator(symbol s: Int, capacity: Int, shared: SeriesColumns? = nil) -> BlockEvaluator? {
        guard strategy.runsInBlocks else { return nil }
        let given = states[s].barsSeen == 0 ? shared?.columns(for: strategy) ?? [] : []
        return BlockEvaluator(strategy: strategy, state: states[s], capacity: capacity, given: given)
    }

    public func decide(_ intent: OrderIntent, account: AccountSnapshot, approval: HumanApproval? = nil) -> PolicyDecision {
        policy.evaluate(intent, account: account, approval: approval)
    }
}
