/// A strategy ready to run: kernels and rule conditions over slot numbers, built once and
/// never changed. One instance serves every symbol; per-symbol data lives in
/// `StrategyState`. The per-bar path (`advance`, `firingRule`) does no allocation, no
/// dictionary lookups and no reference counting beyond calling the condition closures.
public final class CompiledStrategy: @unchecked Sendable {
    public typealias Condition = (UnsafeMutablePointer<Double>) -> Bool

    /// What the engine and the audit need to know about each rule.
    public struct RuleInfo: Sendable {
        public let id: String
        public let action: CheckedStrategy.Action
        public let size: CheckedStrategy.Size?
        public let lookback: Int
        public let location: SourceSpan
        public let expressionText: String
        /// The condition with params as numbers: `crosses_above(sma(close, 10), sma(close, 30))`.
        public let canonicalText: String
        let observed: [Observed]
    }

    struct Observed: Sendable {
        let text: String
        let slot: Int32
        let previous: Int32?
    }

    public let source: CheckedStrategy
    public let rules: [RuleInfo]
    private let kernels: UnsafeMutablePointer<Kernel>
    private let kernelCount: Int
    private let previousFrom: UnsafeMutablePointer<Int32>
    private let previousTo: UnsafeMutablePointer<Int32>
    private let previousCount: Int
    private let conditions: UnsafeMutablePointer<Condition>
    private let lookbacks: UnsafeMutablePointer<Int>
    private let ruleCount: Int
    private let initialRegisters: [Double]
    private let initialMemory: [Double]

    init(source: CheckedStrategy, builder: ProgramBuilder, conditions: [Condition], rules: [RuleInfo]) {
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
        ruleCount = conditions.count
        self.conditions = .allocate(capacity: max(ruleCount, 1))
        self.conditions.initialize(from: conditions, count: ruleCount)
        lookbacks = .allocate(capacity: max(ruleCount, 1))
        lookbacks.initialize(from: rules.map(\.lookback), count: ruleCount)
        initialRegisters = builder.initialRegisters
        initialMemory = builder.initialMemory
    }

    deinit {
        kernels.deallocate()
        previousFrom.deallocate()
        previousTo.deallocate()
        conditions.deinitialize(count: ruleCount)
        conditions.deallocate()
        lookbacks.deallocate()
    }

    /// Fresh state for one symbol.
    public func makeState() -> StrategyState {
        StrategyState(registers: initialRegisters, memory: initialMemory)
    }

    /// Feeds one bar (and the account as of its close) into a symbol's state.
    @inline(__always)
    public func advance(_ state: StrategyState, open: Double, high: Double, low: Double, close: Double, volume: Double,
                        position: Double, positionValue: Double, equity: Double, cash: Double) {
        let r = state.registers
        for i in 0..<previousCount { r[Int(previousTo[i])] = r[Int(previousFrom[i])] }
        r[0] = open; r[1] = high; r[2] = low; r[3] = close; r[4] = volume
        r[5] = position; r[6] = positionValue; r[7] = equity; r[8] = cash
        let t = state.barsSeen
        let m = state.memory
        for i in 0..<kernelCount { kernels[i].run(r, m, t) }
        state.barsSeen = t + 1
    }

    /// The first rule (in file order) whose condition holds on the bar just advanced, or nil.
    /// Rules still in warm-up are skipped.
    @inline(__always)
    public func firingRule(_ state: StrategyState) -> Int? {
        let t = state.barsSeen - 1
        let r = state.registers
        for i in 0..<ruleCount where t >= lookbacks[i] {
            if conditions[i](r) { return i }
        }
        return nil
    }

    /// The values rule `index` saw on the current bar, for the decision record.
    public func observedValues(rule index: Int, in state: StrategyState) -> [(expression: String, value: Double, previous: Double?)] {
        rules[index].observed.map { ($0.text, state.value($0.slot), $0.previous.map(state.value)) }
    }

    /// The warm-up of the whole strategy (longest rule lookback).
    public var lookback: Int { source.lookback }
}
