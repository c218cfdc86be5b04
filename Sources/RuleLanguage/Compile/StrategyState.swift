/// The mutable per-symbol half of a compiled strategy: the register file and indicator
/// memory. Size is fixed at creation (O(lookback) per symbol, never O(bars)).
public final class StrategyState {
    let registers: UnsafeMutablePointer<Double>
    let memory: UnsafeMutablePointer<Double>
    let registerCount: Int
    let memoryCount: Int
    /// Bars seen so far; rule `i` is evaluated only once `barIndex > lookback[i]`.
    public internal(set) var barsSeen = 0

    init(registers initialRegisters: [Double], memory initialMemory: [Double]) {
        registerCount = initialRegisters.count
        memoryCount = initialMemory.count
        registers = .allocate(capacity: max(registerCount, 1))
        memory = .allocate(capacity: max(memoryCount, 1))
        initialRegisters.withUnsafeBufferPointer { registers.initialize(from: $0.baseAddress!, count: registerCount) }
        if memoryCount > 0 {
            initialMemory.withUnsafeBufferPointer { memory.initialize(from: $0.baseAddress!, count: memoryCount) }
        }
    }

    deinit {
        registers.deallocate()
        memory.deallocate()
    }

    /// The current value of a slot (for decision records).
    func value(_ slot: Int32) -> Double { registers[Int(slot)] }

    /// Bytes of state this symbol holds, for the benchmark's memory report.
    public var byteCount: Int { (registerCount + memoryCount) * MemoryLayout<Double>.stride }
}
