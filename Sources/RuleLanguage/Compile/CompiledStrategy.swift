import Vocabulary

/// A strategy ready to run: kernels and rule conditions over slot numbers, built once and
/// never changed. One instance serves every symbol; per-symbol data lives in
/// `StrategyState`. The per-bar path (`advance`, `firingRule`) does no allocation, no
/// dictionary lookups and no reference counting: it reads plain structs through pointers.
public final class CompiledStrategy: @unchecked Sendable {
    /// What the engine and the audit need to know about each rule.
    public struct RuleInfo: Sendable {
        public let id: String
        public let action: Action
        public let size: CheckedStrategy.Size?
        public let lookback: Int
        public let location: SourceSpan
        public let expressionText: String
        /// The condition with params as numbers: `crosses_above(sma(close, 10), sma(close, 30))`.
        public let canonicalText: String
        let observed: [Observed]
        /// How its order is filled; market by default.
        public var order: OrderPlan = .market
        /// The exits of the position it opens (`ExitPlan.none` for rules that do not buy).
        public var exits: ExitPlan = .none
    }

    struct Observed: Sendable {
        let text: String
        let slot: Int32
        let previous: Int32?
    }

    public let source: CheckedStrategy
    public let rules: [RuleInfo]
    let kernels: UnsafeMutablePointer<Kernel>
    let kernelCount: Int
    let previousFrom: UnsafeMutablePointer<Int32>
    let previousTo: UnsafeMutablePointer<Int32>
    let previousCount: Int
    let ops: UnsafeMutablePointer<ConditionOp>
    let constants: UnsafeMutablePointer<Double>
    /// Rule i's condition is `ops[ruleStart[i] ..< ruleStart[i + 1]]`.
    let ruleStart: UnsafeMutablePointer<Int>
    let lookbacks: UnsafeMutablePointer<Int>
    let ruleCount: Int
    let stackDepth: Int
    /// How the strategy runs a block of bars at a time (`BlockEvaluator`).
    let plan: BlockPlan
    /// What each kernel's column is, across strategies (`SeriesColumns` shares them).
    let columnKeys: [ColumnKey?]
    let initialRegisters: [Double]
    /// Each rule's observed values as (slot, previous slot or −1), all rules in one flat
    /// table: rule i's are `observedSlots[observedStart[i] ..< observedStart[i + 1]]`.
    @usableFromInline let observedSlots: UnsafeMutablePointer<(slot: Int32, previous: Int32)>
    @usableFromInline let observedStart: UnsafeMutablePointer<Int>
    let initialMemory: [Double]
    let initialCounters: [Int]
    /// Where each bar's New York session goes (for `vwap`), or −1.
    let sessionSlot: Int32
    /// The values the caller gives each bar besides the bar (`StrategyInput`, one column
    /// per input and symbol: `InputColumns`), and where each goes.
    package let inputs: [StrategyInput]
    let inputSlots: UnsafeMutablePointer<Int32>
    /// Where each `EntryValue` goes (by raw value), or −1 when no rule reads it.
    let entrySlots: [Int32]
    /// Some rule reads an entry value: the engine writes them before each bar's `advance`.
    public let readsEntry: Bool
    /// Some rule rests (limit, stop, stop-limit) or has exits.
    public let hasOrdersWithLife: Bool

    /// `plan`, when given, is the plan of a program of the same shape (it reads slots and
    /// ops, never numbers: `StrategyTemplate`).
    init(source: CheckedStrategy, builder: ProgramBuilder, conditions: ConditionEmitter, ruleStart: [Int], rules: [RuleInfo],
         plan: BlockPlan? = nil) {
        self.source = source
        self.rules = rules
        kernelCount = builder.kernels.count
        kernels = .allocate(capacity: max(kernelCount, 1))
        kernels.initialize(from: builder.kernels, count: kernelCount)
        previousCount = builder.previousPairs.count
        previousFrom = .allocate(capacity: max(previousCount, 1))
        previousTo = .allocate(capacity: max(previousCount, 1))
        previousFrom.initialize(from: builder.previousPairs.map(\.from), count: previousCount)
        previousTo.initialize(from: builder.previousPairs.map(\.to), count: previousCount)
        ruleCount = rules.count
        ops = .allocate(capacity: max(conditions.ops.count, 1))
        ops.initialize(from: conditions.ops, count: conditions.ops.count)
        constants = .allocate(capacity: max(conditions.constants.count, 1))
        constants.initialize(from: conditions.constants, count: conditions.constants.count)
        self.ruleStart = .allocate(capacity: ruleStart.count)
        self.ruleStart.initialize(from: ruleStart, count: ruleStart.count)
        stackDepth = conditions.maxDepth
        lookbacks = .allocate(capacity: max(ruleCount, 1))
        lookbacks.initialize(from: rules.map(\.lookback), count: ruleCount)
        initialRegisters = builder.initialRegisters
        let table = rules.flatMap { $0.observed.map { (slot: $0.slot, previous: $0.previous ?? -1) } }
        observedSlots = .allocate(capacity: max(table.count, 1))
        observedSlots.initialize(from: table, count: table.count)
        observedStart = .allocate(capacity: rules.count + 1)
        var at = 0
        for (i, rule) in rules.enumerated() {
            observedStart[i] = at
            at += rule.observed.count
        }
        observedStart[rules.count] = at
        sessionSlot = builder.sessionSlot
        inputs = builder.inputs
        inputSlots = .allocate(capacity: max(builder.inputSlots.count, 1))
        inputSlots.initialize(from: builder.inputSlots, count: builder.inputSlots.count)
        entrySlots = builder.entrySlots
        readsEntry = builder.entrySlots.contains { $0 >= 0 }
        hasOrdersWithLife = rules.contains { $0.order.rests || !$0.exits.isEmpty }
        let priceSlots = rules.flatMap { [$0.order.limitSlot, $0.order.stopSlot, $0.exits.stopSlot, $0.exits.targetSlot] }.filter { $0 >= 0 }
        self.plan = plan ?? BlockPlan(slotCount: builder.slotCount, kernels: builder.kernels, previousPairs: builder.previousPairs,
                         ops: conditions.ops, observed: rules.flatMap(\.observed), sessionSlot: builder.sessionSlot,
                         inputSlots: builder.inputSlots, entrySlots: builder.entrySlots, priceSlots: priceSlots)
        columnKeys = ColumnKey.keys(slotCount: builder.slotCount, kernels: builder.kernels, initialRegisters: builder.initialRegisters,
                                    previousPairs: builder.previousPairs, sessionSlot: builder.sessionSlot, inputs: builder.inputs,
                                    inputSlots: builder.inputSlots, entrySlots: builder.entrySlots)
        initialMemory = builder.initialMemory
        initialCounters = builder.initialCounters
    }

    deinit {
        kernels.deallocate()
        previousFrom.deallocate()
        previousTo.deallocate()
        ops.deallocate()
        constants.deallocate()
        ruleStart.deallocate()
        lookbacks.deallocate()
        observedSlots.deallocate()
        observedStart.deallocate()
        inputSlots.deallocate()
    }

    /// Fresh state for one symbol.
    public func makeState() -> StrategyState {
        StrategyState(registers: initialRegisters, memory: initialMemory, counters: initialCounters, stackDepth: stackDepth)
    }

    /// Feeds one bar (and the account as of its close) into a symbol's state.
    @inline(__always)
    public func advance(_ state: StrategyState, open: Double, high: Double, low: Double, close: Double, volume: Double,
                        position: Double, positionValue: Double, equity: Double, cash: Double) {
        advance(StrategyState.Handle(state), open: open, high: high, low: low, close: close, volume: volume,
                position: position, positionValue: positionValue, equity: equity, cash: cash)
    }

    /// The same through raw pointers, for the engine's loop (no reference counting).
    @inline(__always)
    package func advance(_ h: StrategyState.Handle, open: Double, high: Double, low: Double, close: Double, volume: Double,
                        position: Double, positionValue: Double, equity: Double, cash: Double) {
        let r = h.registers
        for i in 0..<previousCount { r[Int(previousTo[i])] = r[Int(previousFrom[i])] }
        r[0] = open; r[1] = high; r[2] = low; r[3] = close; r[4] = volume
        r[5] = position; r[6] = positionValue; r[7] = equity; r[8] = cash
        let c = h.counters
        let t = c[0]
        let m = h.memory
        let k = c + 1
        for i in 0..<kernelCount { kernels[i].run(r, m, k, t) }
        c[0] = t + 1
    }

    /// Some rule reads each bar's New York session (`vwap`): the caller gives it with
    /// `setSession` before `advance`, or, in blocks, with `BarPointers.days`.
    public var needsSession: Bool { sessionSlot >= 0 }

    /// The New York session (trading day, days since 1970) of the bar about to be advanced.
    /// Without it, values that need sessions have none.
    @inline(__always)
    package func setSession(_ h: StrategyState.Handle, day: Int64) {
        if sessionSlot >= 0 { h.registers[Int(sessionSlot)] = Double(day) }
    }

    /// Bar `bar`'s value of each input (`columns[k]` is `inputs[k]`'s column), before
    /// `advance`; only for strategies that have inputs. Without them such values have none.
    @inline(__always)
    package func setInputs(_ h: StrategyState.Handle, bar: Int, columns: UnsafePointer<UnsafePointer<Double>>) {
        let r = h.registers
        for k in 0..<inputs.count { r[Int(inputSlots[k])] = columns[k][bar] }
    }

    /// The open position's entry values for the bar about to be advanced (NaN without a
    /// position); only for strategies that read them (`readsEntry`).
    @inline(__always)
    package func setEntry(_ h: StrategyState.Handle, entryPrice: Double, barsHeld: Double, unrealizedPct: Double,
                         highest: Double, lowest: Double) {
        let r = h.registers
        let values = (entryPrice, barsHeld, unrealizedPct, highest, lowest)
        if entrySlots[0] >= 0 { r[Int(entrySlots[0])] = values.0 }
        if entrySlots[1] >= 0 { r[Int(entrySlots[1])] = values.1 }
        if entrySlots[2] >= 0 { r[Int(entrySlots[2])] = values.2 }
        if entrySlots[3] >= 0 { r[Int(entrySlots[3])] = values.3 }
        if entrySlots[4] >= 0 { r[Int(entrySlots[4])] = values.4 }
    }

    /// The value of a price slot (an order's or exit's price) on the bar just advanced.
    @inline(__always)
    package func price(_ h: StrategyState.Handle, slot: Int32) -> Double { slot >= 0 ? h.registers[Int(slot)] : .nan }

    /// Whether rule `index`'s condition holds on the bar just advanced, warm-up or not
    /// (`algobot eval`; the engine uses `firingRule`).
    func holds(rule index: Int, in state: StrategyState) -> Bool {
        ConditionOp.evaluate(ops, ruleStart[index], ruleStart[index + 1], state.registers, constants, state.stack)
    }

    /// The first rule (in file order) whose condition holds on the bar just advanced, or nil.
    /// Rules still in warm-up are skipped.
    @inline(__always)
    public func firingRule(_ state: StrategyState) -> Int? { firingRule(StrategyState.Handle(state)) }

    @inline(__always)
    package func firingRule(_ h: StrategyState.Handle) -> Int? {
        let t = h.counters[0] - 1
        let r = h.registers
        for i in 0..<ruleCount where t >= lookbacks[i] {
            let start = ruleStart[i], end = ruleStart[i + 1]
            // Most conditions are a single comparison or crossing: skip the stack machine.
            if end - start == 1 {
                let op = ops[start]
                let a = r[Int(op.a)], b = r[Int(op.b)]
                let fires: Bool
                switch op.code {
                case .crossAbove: fires = a > b && r[Int(op.c)] <= r[Int(op.d)]
                case .crossBelow: fires = a < b && r[Int(op.c)] >= r[Int(op.d)]
                case .less: fires = a < b
                case .lessEqual: fires = a <= b
                case .greater: fires = a > b
                case .greaterEqual: fires = a >= b
                default: fires = ConditionOp.evaluate(ops, start, end, r, constants, h.stack)
                }
                if fires { return i }
            } else if ConditionOp.evaluate(ops, start, end, r, constants, h.stack) {
                return i
            }
        }
        return nil
    }

    /// The values rule `index` saw on the current bar, for the decision record.
    public func observedValues(rule index: Int, in state: StrategyState) -> [(expression: String, value: Double, previous: Double?)] {
        rules[index].observed.map { ($0.text, state.value($0.slot), $0.previous.map(state.value)) }
    }

    /// Values rule `index` observes; its decision figures are twice as many doubles.
    public func observedCount(rule index: Int) -> Int { observedStart[index + 1] - observedStart[index] }

    /// Writes (value, previous) for each value rule `index` observes on the current bar,
    /// NaN for "no previous": the decision record's figures without any text.
    @inlinable
    package func copyObserved(rule index: Int, in state: StrategyState.Handle, to out: UnsafeMutablePointer<Double>) {
        let r = state.registers
        copyObserved(rule: index, read: { r[Int($0)] }, to: out)
    }

    /// Writes `read(slot)` and `read(previous slot)` (NaN when there is none) for each
    /// value rule `index` observes; `read` gives a register or a block row.
    @inlinable
    func copyObserved(rule index: Int, read: (Int32) -> Double, to out: UnsafeMutablePointer<Double>) {
        var at = out
        for k in observedStart[index]..<observedStart[index + 1] {
            let o = observedSlots[k]
            at[0] = read(o.slot)
            at[1] = o.previous >= 0 ? read(o.previous) : .nan
            at += 2
        }
    }

    /// `observedValues` rebuilt from figures that `copyObserved` wrote at `stored`.
    package func observedValues(rule index: Int, stored: UnsafePointer<Double>) -> [(expression: String, value: Double, previous: Double?)] {
        rules[index].observed.enumerated().map { k, o in
            (o.text, stored[2 * k], o.previous == nil ? nil : stored[2 * k + 1])
        }
    }

    /// True when the strategy can run a block of bars at a time (`BlockEvaluator`): every
    /// strategy except those with an indicator over an account value (`sma(equity, 20)`).
    public var runsInBlocks: Bool { plan.blockable }

    /// Some rule reads the account (`position`, `equity`, ...), so a fill can change
    /// which rules fire on later bars of a block.
    public var readsAccount: Bool { plan.readsAccount }

    /// Some rule reads `equity` or `cash`, which every symbol's fills and prices move: a
    /// several-symbol backtest of it runs bar by bar (blocks are per symbol).
    public var readsPortfolio: Bool { plan.readsPortfolio }

    /// The warm-up of the whole strategy (longest rule lookback).
    public var lookback: Int { source.lookback }
}
