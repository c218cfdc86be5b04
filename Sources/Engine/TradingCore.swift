import Policy
import RuleLanguage

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

    public init(strategy: CompiledStrategy, policy: CompiledPolicy, symbols: [String], forceFractional: Bool = false) {
        self.strategy = strategy
        self.policy = policy
        self.symbols = symbols
        self.forceFractional = forceFractional
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

    /// Bars symbol `s` has seen (warm-up progress).
    public func barsSeen(symbol s: Int) -> Int { states[s].barsSeen }

    /// Turns a fired rule into an order intent sized at the decision bar's close, or nil
    /// when there is nothing to do (selling a symbol that is not held).
    public func intent(symbol s: Int, rule r: Int, time: Int64, utcOffset: Int32?, price: Double,
                       equity: Double, position: Double) -> OrderIntent? {
        // Read the rule's fields in place: copying the whole RuleInfo retains its texts.
        let action = strategy.rules[r].action
        let sizeSpec = strategy.rules[r].size
        var qty: Double?
        var notional: Double?
        let side: OrderIntent.Side = action == .buy ? .buy : .sell
        let fractional = forceFractional || (sizeSpec?.fractional ?? false)
        switch (action, sizeSpec?.amount) {
        case (.sellAll, _):
            guard position > 0 else { return nil }
            qty = position
        case (_, .percentOfEquity(let p)?): notional = equity * p / 100
        case (_, .notional(let n)?): notional = n
        case (_, .shares(let n)?): qty = fractional ? n : n.rounded(.down)
        case (_, nil): return nil
        }
        if side == .sell {
            guard position > 0 else { return nil }
            if let q = qty { qty = min(q, position) }
        }
        return OrderIntent(strategy: strategy.source.name, symbol: symbols[s], ruleId: strategy.rules[r].id, time: time,
                           utcOffset: utcOffset, side: side, action: action, qty: qty, notional: notional, price: price,
                           fractional: fractional)
    }

    /// The values the fired rule saw on this bar (for the decision record).
    public func observed(symbol s: Int, rule r: Int) -> [(expression: String, value: Double, previous: Double?)] {
        strategy.observedValues(rule: r, in: states[s])
    }

    public func decide(_ intent: OrderIntent, account: AccountSnapshot, approval: HumanApproval? = nil) -> PolicyDecision {
        policy.evaluate(intent, account: account, approval: approval)
    }
}
