/// Checked expressions compiled for `algobot eval`: the strategy compiler's kernels and
/// condition programs (each condition is a rule of a strategy made for the purpose), run
/// bar by bar with `advance`, and read back from their slots. No second interpreter: a
/// value shown here is the value a strategy sees on that bar.
package final class EvalProgram {
    package struct Column: Sendable {
        /// The expression with params as numbers, as audit records show it.
        package let text: String
        package let isCondition: Bool
        /// Bars before the first value (a column has none before).
        package let lookback: Int
        /// The slot of a number, or the rule of a condition.
        let slot: Int32
        let rule: Int
    }

    package let columns: [Column]
    let strategy: CompiledStrategy

    package init(_ expressions: [TypedExpr]) {
        var builder = ProgramBuilder()
        var conditions = ConditionEmitter()
        var ruleStart = [0]
        var rules: [CompiledStrategy.RuleInfo] = []
        var columns: [Column] = []
        for e in expressions {
            if e.isCondition {
                conditions.emit(e, &builder)
                ruleStart.append(conditions.ops.count)
                rules.append(CompiledStrategy.RuleInfo(
                    id: "part-\(rules.count + 1)", action: .buy, size: nil, lookback: e.lookback, location: .wholeFile("expression"),
                    expressionText: e.text, canonicalText: e.text, observed: []))
                columns.append(Column(text: e.text, isCondition: true, lookback: e.lookback, slot: -1, rule: rules.count - 1))
            } else {
                columns.append(Column(text: e.text, isCondition: false, lookback: e.lookback, slot: builder.slot(e), rule: -1))
            }
        }
        let source = CheckedStrategy(name: "eval", description: nil, file: "", symbols: [], timeframe: "", params: [], rules: [])
        strategy = CompiledStrategy(source: source, builder: builder, conditions: conditions, ruleStart: ruleStart, rules: rules)
        self.columns = columns
    }

    /// Some expression reads the account (`position`, `equity`, ...): the values depend on
    /// the account given, not only on the bars.
    package var readsAccount: Bool { strategy.readsAccount }

    /// Some expression reads each bar's New York session (`vwap`): pass `sessions`.
    package var needsSession: Bool { strategy.needsSession }

    /// What the expressions read besides the bars: pass one column per input, in this order.
    package var inputs: [StrategyInput] { strategy.inputs }

    /// Every column's value after each bar (`values[column][bar]`): numbers as they are,
    /// conditions as 1 (true) or 0 (false), and NaN where there is no value (warm-up, or a
    /// value that does not exist, like a percent change from 0). Nothing is bought: the
    /// account values are those of an account holding `cash` and no shares.
    package func run(open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double],
                    sessions: [Int64]?, inputs: [[Double]] = [], cash: Double) -> [[Double]] {
        var values = columns.map { _ in [Double](repeating: .nan, count: close.count) }
        let flat = Account(position: 0, equity: cash, cash: cash)
        walk(open: open, high: high, low: low, close: close, volume: volume, sessions: sessions, inputs: inputs,
             count: close.count, account: { _ in flat }) { t, state in
            for (c, column) in columns.enumerated() where t >= column.lookback {
                values[c][t] = column.isCondition ? (strategy.holds(rule: column.rule, in: state) ? 1 : 0) : state.value(column.slot)
            }
        }
        return values
    }

    /// Bar by bar for a caller that gets bars one at a time (the live runner's reference
    /// symbols): a fresh state, then `advance` per bar gives the first column's value after
    /// it, as `run` would (NaN in its warm-up). Account values read 0 shares and no cash.
    package func makeState() -> StrategyState { strategy.makeState() }

    package func advance(_ state: StrategyState, open: Double, high: Double, low: Double, close: Double, volume: Double) -> Double {
        let t = state.counters[0]
        strategy.advance(StrategyState.Handle(state), open: open, high: high, low: low, close: close, volume: volume,
                         position: 0, positionValue: 0, equity: 0, cash: 0)
        guard let column = columns.first, t >= column.lookback else { return .nan }
        return column.isCondition ? (strategy.holds(rule: column.rule, in: state) ? 1 : 0) : state.value(column.slot)
    }

    /// The account a bar's values see, as of its close (what the engine passes the strategy).
    package struct Account: Sendable {
        package var position: Double
        package var equity: Double
        package var cash: Double

        package init(position: Double, equity: Double, cash: Double) {
            self.position = position
            self.equity = equity
            self.cash = cash
        }
    }

    /// The conditions of each bar of the first `count`, fed with the account `account(t)`
    /// gives: `visit(t, holds)` after bar t, where `holds(c)` is condition column c's value,
    /// nil in its warm-up. For counting over a run (rule coverage) without keeping a column
    /// per bar.
    package func conditions(open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double],
                           sessions: [Int64]?, inputs: [[Double]] = [], count: Int, account: (Int) -> Account,
                           visit: (Int, (Int) -> Bool?) -> Void) {
        walk(open: open, high: high, low: low, close: close, volume: volume, sessions: sessions, inputs: inputs, count: count,
             account: account) { t, state in
            visit(t) { c in
                let column = columns[c]
                guard t >= column.lookback else { return nil }
                return strategy.holds(rule: column.rule, in: state)
            }
        }
    }

    /// Bar by bar, as a strategy runs live: the account as of each close, then `after`.
    private func walk(open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double], sessions: [Int64]?,
                      inputs: [[Double]], count: Int, account: (Int) -> Account, after: (Int, StrategyState) -> Void) {
        let state = strategy.makeState()
        let handle = StrategyState.Handle(state)
        // Inputs not given have no value (NaN), like the session.
        let given = strategy.inputs.indices.map { $0 < inputs.count ? inputs[$0] : [Double](repeating: .nan, count: count) }
        let pointers = given.map { column in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
            for t in 0..<count { (p + t).initialize(to: t < column.count ? column[t] : .nan) }
            return UnsafePointer(p)
        }
        defer { pointers.forEach { UnsafeMutablePointer(mutating: $0).deallocate() } }
        for t in 0..<count {
            if let sessions { strategy.setSession(handle, day: sessions[t]) }
            if !pointers.isEmpty { pointers.withUnsafeBufferPointer { strategy.setInputs(handle, bar: t, columns: $0.baseAddress!) } }
            let a = account(t)
            // Bars loaded without a field the strategy does not read have it empty.
            strategy.advance(handle, open: open[t], high: t < high.count ? high[t] : 0, low: t < low.count ? low[t] : 0, close: close[t],
                             volume: t < volume.count ? volume[t] : 0,
                             position: a.position, positionValue: a.position * close[t], equity: a.equity, cash: a.cash)
            after(t, state)
        }
    }
}
