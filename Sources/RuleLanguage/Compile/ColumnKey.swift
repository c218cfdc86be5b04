/// What a kernel's column is, whatever strategy it was compiled in: the kernel's op,
/// period and first bar over the keys of what it reads, down to bar fields, constants and
/// inputs. `sma(close, 10)` has one key in every combination of a sweep that uses it, so
/// `SeriesColumns` computes its column once for all of them. Nil for what reads the account
/// or the position's entry values (they change with each run's fills).
indirect enum ColumnKey: Hashable {
    case field(Int)
    case constant(UInt64)
    case input(StrategyInput)
    case session
    case kernel(op: Kernel.Op, period: Int32, start: Int32, a: ColumnKey, b: ColumnKey?)

    /// The key of each kernel's column, in kernel order (nil where there is none).
    static func keys(slotCount: Int, kernels: [Kernel], initialRegisters: [Double], previousPairs: [(from: Int32, to: Int32)],
                     sessionSlot: Int32, inputs: [StrategyInput], inputSlots: [Int32], entrySlots: [Int32]) -> [ColumnKey?] {
        var slot = [ColumnKey?](repeating: nil, count: slotCount)
        var special = Set(kernels.map(\.out))
        special.formUnion(previousPairs.map(\.to))
        special.formUnion(entrySlots.filter { $0 >= 0 })
        special.formUnion(inputSlots)
        special.insert(sessionSlot)
        for f in 0..<ProgramBuilder.fieldSlots { slot[f] = .field(f) }
        // The other slots no one writes hold a constant from the start.
        for s in ProgramBuilder.fixedSlots..<slotCount where !special.contains(Int32(s)) {
            slot[s] = .constant(initialRegisters[s].bitPattern)
        }
        for (k, s) in inputSlots.enumerated() { slot[Int(s)] = .input(inputs[k]) }
        if sessionSlot >= 0 { slot[Int(sessionSlot)] = .session }
        return kernels.map { kernel in
            var key: ColumnKey?
            if let a = slot[Int(kernel.a)] {
                let binary = kernel.inputs.count == 2 && !kernel.readsBar
                if !binary {
                    key = .kernel(op: kernel.op, period: kernel.period, start: kernel.start, a: a, b: nil)
                } else if let b = slot[Int(kernel.b)] {
                    key = .kernel(op: kernel.op, period: kernel.period, start: kernel.start, a: a, b: b)
                }
            }
            slot[Int(kernel.out)] = key
            return key
        }
    }
}
