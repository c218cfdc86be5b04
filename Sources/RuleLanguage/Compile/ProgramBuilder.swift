/// Lays out the register file and orders the kernels. Each distinct numeric
/// sub-expression gets one slot (so `sma(close, fast)` used by two rules is computed once
/// per bar), constants get slots filled once, and values needed "one bar ago" by
/// `crosses_*` get a shadow slot copied at the start of every bar.
struct ProgramBuilder {
    /// Fixed slots written by the engine each bar.
    static let fieldSlots = BarField.allCases.count          // 0...4 open high low close volume
    static let accountBase = fieldSlots                      // 5...8 position, position_value, equity, cash
    static let fixedSlots = fieldSlots + AccountValue.allCases.count

    private(set) var slotCount = fixedSlots
    private(set) var kernels: [Kernel] = []
    private(set) var initialRegisters: [Double] = Array(repeating: .nan, count: fixedSlots)
    private(set) var initialMemory: [Double] = []
    private(set) var initialCounters: [Int] = []
    private(set) var previousPairs: [(from: Int32, to: Int32)] = []
    /// The slot that holds each bar's New York session (a day number) for `vwap`, or −1
    /// when nothing needs it. The engine writes it only then.
    private(set) var sessionSlot: Int32 = -1
    /// The slot of each `EntryValue` (by raw value) a rule reads, or −1. The engine writes
    /// them each bar only when one exists (like the session slot).
    private(set) var entrySlots = [Int32](repeating: -1, count: EntryValue.allCases.count)
    /// The values the caller gives each bar (`StrategyInput`), and the slot each is given in.
    /// A `.copy` kernel moves it to the slot expressions read, so that a "previous bar" shadow
    /// of it (`crosses_above(hour, 10)`) is taken before the new value arrives, as for fields.
    private(set) var inputs: [StrategyInput] = []
    private(set) var inputSlots: [Int32] = []
    /// The slots holding a number of the strategy (their initial register), and the stateful
    /// kernels (by index) with how each one's first bar follows from the numbers: what a
    /// `StrategyTemplate` renumbers for another combination of params.
    private(set) var numberSlots: [Int32] = []
    private(set) var statefulKernels: [(kernel: Int, start: KernelStart)] = []
    private var slots: [TypedExpr: Int32] = [:]
    private var previousSlots: [Int32: Int32] = [:]

    /// A stateful kernel's first bar: the warm-up of its input (`input.lookback`), plus and
    /// minus two periods (MACD's EMAs), plus a fixed number of bars.
    struct KernelStart: Sendable {
        var input: TypedExpr? = nil
        var plus = 0
        var minus = 0
        var bars = 0

        func value(_ numbers: Renumbering) -> Int {
            (input?.lookback(numbers) ?? 0) + numbers.int(plus) - numbers.int(minus) + bars
        }
    }

    private mutating func newSlot(initial: Double = .nan) -> Int32 {
        defer { slotCount += 1 }
        initialRegisters.append(initial)
        return Int32(slotCount)
    }

    /// The slot holding a numeric expression's value on the current bar.
    mutating func slot(_ e: TypedExpr) -> Int32 {
        if let existing = slots[e] { return existing }
        if let (symbol, own) = e.ofOneReference {
            let slot = input(.reference(symbol: symbol, own: own))
            slots[e] = slot
            return slot
        }
        let slot: Int32
        switch e {
        case .field(let f):
            slot = Int32(f.rawValue)
        case .account(let a):
            slot = Int32(Self.accountBase + a.rawValue)
        case .entry(let v):
            if entrySlots[v.rawValue] < 0 { entrySlots[v.rawValue] = newSlot() }
            slot = entrySlots[v.rawValue]
        case .number(let n):
            slot = newSlot(initial: n)
            numberSlots.append(slot)
        case .negate(let x):
            let a = self.slot(x)
            slot = newSlot()
            kernels.append(Kernel(op: .negate, out: slot, a: a))
        case .abs(let x):
            let a = self.slot(x)
            slot = newSlot()
            kernels.append(Kernel(op: .absolute, out: slot, a: a))
        case .arithmetic(let op, let x, let y):
            let a = self.slot(x), b = self.slot(y)
            slot = newSlot()
            let kernelOp: Kernel.Op
            switch op {
            case .add: kernelOp = .add
            case .subtract: kernelOp = .subtract
            case .multiply: kernelOp = .multiply
            case .divide: kernelOp = .divide
            case .min: kernelOp = .minimum
            case .max: kernelOp = .maximum
            }
            kernels.append(Kernel(op: kernelOp, out: slot, a: a, b: b))
        case .indicator(.roc, let x, let n):
            let a = self.slot(x), b = self.slot(.lag(x, n))
            slot = newSlot()
            kernels.append(Kernel(op: .percentChange, out: slot, a: a, b: b))
        case .indicator(let indicator, let x, let n):
            slot = stateful(Self.kernel(indicator), input: x, period: n)
        case .lag(let x, let n):
            slot = stateful(.lag, input: x, period: n)
        case .band(let side, let x, let n, let k):
            // sma ± k × stdev, from the same kernels a strategy writing it out would get.
            let width = TypedExpr.arithmetic(.multiply, .number(k), .indicator(.stdev, x, n))
            slot = self.slot(.arithmetic(side == .upper ? .add : .subtract, .indicator(.sma, x, n), width))
        case .macd(let line, let x, let fast, let slow, let signal):
            slot = macd(line, x, fast: fast, slow: slow, signal: signal)
        case .barIndicator(.atr, let n):
            slot = stateful(.wilder, inputSlot: self.slot(.barValue(.trueRange)), period: n, start: KernelStart(bars: BarValue.trueRange.lookback))
        case .barIndicator(let indicator, let n):
            slot = stateful(Self.kernel(indicator), inputSlot: 0, period: n, start: KernelStart())
        case .barValue(let value):
            slot = stateful(Self.kernel(value), inputSlot: value == .vwap ? session() : 0, period: 0, start: KernelStart())
        case .calendar(let value):
            slot = input(.calendar(value))
        default:
            preconditionFailure("not a numeric strategy expression: \(e.text)")
        }
        slots[e] = slot
        return slot
    }

    private mutating func stateful(_ op: Kernel.Op, input: TypedExpr, period: Int) -> Int32 {
        stateful(op, inputSlot: slot(input), period: period, start: KernelStart(input: input))
    }

    /// A stateful kernel with its own memory; it first runs on bar `start`.
    private mutating func stateful(_ op: Kernel.Op, inputSlot a: Int32, period: Int, start: KernelStart) -> Int32 {
        let out = newSlot()
        statefulKernels.append((kernels.count, start))
        kernels.append(Kernel(op: op, out: out, a: a))
        place(kernel: kernels.count - 1, period: period, start: start.value(.identity))
        return out
    }

    /// Gives stateful kernel `k` its period and first bar, and its state after the memory of
    /// the kernels placed before it (a compile places them in order; so does a renumbering).
    private mutating func place(kernel k: Int, period: Int, start: Int) {
        let op = kernels[k].op
        kernels[k].period = Int32(period)
        kernels[k].memory = Int32(initialMemory.count)
        kernels[k].counters = Int32(initialCounters.count)
        kernels[k].start = Int32(start)
        let state = Kernel.initialState(op, period: period)
        initialMemory += state.numbers
        initialCounters += state.counters
    }

    /// The same program with every number of the strategy read through `numbers` (the
    /// builder of a template, renumbered for one combination): the numbers' slots, each
    /// stateful kernel's period, first bar and state, and where that state lies.
    func renumbered(_ numbers: Renumbering) -> ProgramBuilder {
        var copy = self
        for s in numberSlots { copy.initialRegisters[Int(s)] = numbers.double(initialRegisters[Int(s)]) }
        copy.initialMemory.removeAll(keepingCapacity: true)
        copy.initialCounters.removeAll(keepingCapacity: true)
        for (k, start) in statefulKernels {
            copy.place(kernel: k, period: numbers.int(Int(kernels[k].period)), start: start.value(numbers))
        }
        return copy
    }

    /// TA-Lib's MACD: two EMAs whose seeds end on the same bar (the fast one ignores the
    /// first slow − fast inputs), their difference, the signal EMA of that, and line − signal.
    private mutating func macd(_ line: MACDLine, _ x: TypedExpr, fast: Int, slow: Int, signal: Int) -> Int32 {
        switch line {
        case .line:
            let input = slot(x)
            let fastEMA = stateful(.macdEMA, inputSlot: input, period: fast, start: KernelStart(input: x, plus: slow, minus: fast))
            let slowEMA = stateful(.macdEMA, inputSlot: input, period: slow, start: KernelStart(input: x))
            let out = newSlot()
            kernels.append(Kernel(op: .subtract, out: out, a: fastEMA, b: slowEMA))
            return out
        case .signal:
            let lineSlot = slot(.macd(.line, x, fast: fast, slow: slow, signal: 0))
            return stateful(.macdEMA, inputSlot: lineSlot, period: signal, start: KernelStart(input: x, plus: slow, bars: -1))
        case .histogram:
            let lineSlot = slot(.macd(.line, x, fast: fast, slow: slow, signal: 0))
            let signalSlot = slot(.macd(.signal, x, fast: fast, slow: slow, signal: signal))
            let out = newSlot()
            kernels.append(Kernel(op: .subtract, out: out, a: lineSlot, b: signalSlot))
            return out
        }
    }

    private static func kernel(_ indicator: Indicator) -> Kernel.Op {
        switch indicator {
        case .sma: return .sma
        case .ema: return .ema
        case .rsi: return .rsi
        case .highest: return .highest
        case .lowest: return .lowest
        case .stdev: return .stdev
        case .wma: return .wma
        case .roc: return .lag    // compiled as a lag and a percent change, never reached
        }
    }

    private static func kernel(_ indicator: BarIndicator) -> Kernel.Op {
        switch indicator {
        case .atr: return .wilder // over true_range, never reached
        case .adx: return .adx
        case .cci: return .cci
        case .mfi: return .mfi
        case .willr: return .willr
        }
    }

    private static func kernel(_ value: BarValue) -> Kernel.Op {
        switch value {
        case .trueRange: return .trueRange
        case .obv: return .obv
        case .vwap: return .vwap
        }
    }

    /// The slot expressions read for `input`, fed from the slot the caller writes.
    private mutating func input(_ input: StrategyInput) -> Int32 {
        let given = newSlot()
        inputs.append(input)
        inputSlots.append(given)
        let out = newSlot()
        kernels.append(Kernel(op: .copy, out: out, a: given))
        return out
    }

    /// The session slot, made on first use.
    private mutating func session() -> Int32 {
        if sessionSlot < 0 { sessionSlot = newSlot() }
        return sessionSlot
    }

    /// A slot that holds the previous bar's value of `slot`.
    mutating func previous(of slot: Int32) -> Int32 {
        if let existing = previousSlots[slot] { return existing }
        let shadow = newSlot()
        previousSlots[slot] = shadow
        previousPairs.append((slot, shadow))
        return shadow
    }
}
