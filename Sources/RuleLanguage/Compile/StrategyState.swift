/// The mutable per-symbol half of a compiled strategy: the register file, indicator
/// memory and counters, and a scratch stack for conditions. Size is fixed at creation
/// (O(lookback) per symbol, never O(bars)).
public final class StrategyState {
    let registers: UnsafeMutablePointer<Double>
    let memory: UnsafeMutablePointer<Double>
    let counters: UnsafeMutablePointer<Int>
    let stack: UnsafeMutablePointer<Bool>
    private let sizes: (registers: Int, memory: Int, counters: Int, stack: Int)
    /// The close column of the series the last block ran over (`BlockEvaluator`): a block
    /// that starts where the state stopped on the same series reads its fields in place.
    var blockSeries: UnsafePointer<Double>?

    init(registers r: [Double], memory m: [Double], counters c: [Int], stackDepth: Int) {
        sizes = (r.count, m.count, c.count + 1, max(stackDepth, 1))
        registers = Self.copy(r)
        memory = Self.copy(m)
        // counters[0] is the number of bars seen; the kernels' counters follow it.
        counters = Self.copy([0] + c)
        stack = .allocate(capacity: sizes.stack)
        stack.initialize(repeating: false, count: sizes.stack)
    }

    private static func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { if let base = $0.baseAddress { p.initialize(from: base, count: values.count) } }
        return p
    }

    deinit {
        registers.deallocate()
        memory.deallocate()
        counters.deallocate()
        stack.deallocate()
    }

    /// Bars seen so far; a rule is evaluated only once its warm-up has passed.
    public var barsSeen: Int { counters[0] }

    func value(_ slot: Int32) -> Double { registers[Int(slot)] }

    /// Bytes of state this symbol holds, for the benchmark's memory report.
    public var byteCount: Int {
        (sizes.registers + sizes.memory) * MemoryLayout<Double>.stride + sizes.counters * MemoryLayout<Int>.stride + sizes.stack
    }
}

extension StrategyState {
    /// The state's raw pointers, valid while the state is alive. The engine keeps the
    /// states alive for the whole run and passes handles in its loop.
    @usableFromInline package struct Handle {
        @usableFromInline package let registers: UnsafeMutablePointer<Double>
        let memory: UnsafeMutablePointer<Double>
        let counters: UnsafeMutablePointer<Int>
        let stack: UnsafeMutablePointer<Bool>

        package init(_ state: StrategyState) {
            registers = state.registers
            memory = state.memory
            counters = state.counters
            stack = state.stack
        }

        package var barsSeen: Int { counters[0] }
    }
}
