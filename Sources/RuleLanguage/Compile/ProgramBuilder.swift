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
    private var slots: [TypedExpr: Int32] = [:]
    private var previousSlots: [Int32: Int32] = [:]

    private mutating func newSlot(initial: Double = .nan) -> Int32 {
        defer { slotCount += 1 }
        initialRegisters.append(initial)
        return Int32(slotCount)
    }

    /// The slot holding a numeric expression's value on the current bar.
    mutating func slot(_ e: TypedExpr) -> Int32 {
        if let existing = slots[e] { return existing }
        let slot: Int32
        switch e {
        case .field(let f):
            slot = Int32(f.rawValue)
        case .account(let a):
            slot = Int32(Self.accountBase + a.rawValue)
        case .number(let n):
            slot = newSlot(initial: n)
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
        case .indicator(let indicator, let x, let n):
            let op: Kernel.Op
            switch indicator {
            case .sma: op = .sma
            case .ema: op = .ema
            case .rsi: op = .rsi
            case .highest: op = .highest
            case .lowest: op = .lowest
            }
            slot = stateful(op, input: x, period: n)
        case .lag(let x, let n):
            slot = stateful(.lag, input: x, period: n)
        default:
            preconditionFailure("not a numeric strategy expression: \(e.text)")
        }
        slots[e] = slot
        return slot
    }

    private mutating func stateful(_ op: Kernel.Op, input: TypedExpr, period: Int) -> Int32 {
        let a = slot(input)
        let out = newSlot()
        let memory = Int32(initialMemory.count), counters = Int32(initialCounters.count)
        let size = Kernel.memorySize(op, period: period)
        initialMemory += [Double](repeating: 0, count: size.numbers)
        var counterRegion = [Int](repeating: 0, count: size.counters)
        if op == .rsi { counterRegion[0] = -1 }
        initialCounters += counterRegion
        kernels.append(Kernel(op: op, out: out, a: a, period: Int32(period), memory: memory, counters: counters,
                              start: Int32(input.lookback)))
        return out
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
