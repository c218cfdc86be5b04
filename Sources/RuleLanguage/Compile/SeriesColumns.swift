import Foundation

/// One symbol's indicator columns over its whole series, each computed once and shared by
/// every run over the same bars (a sweep's combinations): a combination's `BlockEvaluator`
/// reads a block of a column in place where it would have run the kernel. A column is the kernel
/// run over the whole series as one block, from a fresh state — the same steps in the same
/// order as block by block, so the numbers are the same bit for bit. Safe to use from
/// several threads; never holds more than `budget` bytes (past it, runs compute their own).
package final class SeriesColumns: @unchecked Sendable {
    private let bars: BarPointers
    private let count: Int
    private let inputs: [StrategyInput: UnsafePointer<Double>]
    private let lock = NSLock()
    /// Columns by key; each allocation starts one row early (row −1, the slot's value before
    /// the first bar).
    private var columns: [ColumnKey: UnsafeMutablePointer<Double>] = [:]
    private var owned: [UnsafeMutablePointer<Double>] = []
    private var budget: Int

    /// `bars` has `count` bars; `inputs` are the symbol's input columns (`InputColumns`).
    package init(bars: BarPointers, count: Int, inputs: [StrategyInput: UnsafePointer<Double>], budget: Int) {
        self.bars = bars
        self.count = count
        self.inputs = inputs
        self.budget = budget
    }

    deinit { owned.forEach { ($0 - 1).deallocate() } }

    /// The whole-series column of each kernel of `strategy` that does not read the account,
    /// by the slot it writes (computed now if no run needed it before).
    package func columns(for strategy: CompiledStrategy) -> [(slot: Int32, column: UnsafePointer<Double>)] {
        lock.lock()
        defer { lock.unlock() }
        var out: [(slot: Int32, column: UnsafePointer<Double>)] = []
        for i in strategy.plan.fieldKernels {
            guard let key = strategy.columnKeys[i], let column = column(key) else { continue }
            out.append((strategy.kernels[i].out, column))
        }
        return out
    }

    private func column(_ key: ColumnKey) -> UnsafePointer<Double>? {
        switch key {
        case .field(let f): return bars.field(f)
        case .input(let input): return inputs[input]
        default: break
        }
        if let known = columns[key] { return UnsafePointer(known) }
        guard count > 0, budget >= (count + 1) * 8 else { return nil }
        let p = UnsafeMutablePointer<Double>.allocate(capacity: count + 1) + 1
        p[-1] = .nan
        switch key {
        case .constant(let bits):
            p.initialize(repeating: Double(bitPattern: bits), count: count)
            p[-1] = Double(bitPattern: bits)
        case .session:
            for j in 0..<count { p[j] = bars.days.map { Double($0[j]) } ?? .nan }
        case .kernel(let op, let period, let start, let a, let b):
            var y: UnsafePointer<Double>?
            let x = column(a)
            if let b { y = column(b) } else { y = x }
            guard let x, let y else {
                (p - 1).deallocate()
                return nil
            }
            run(Kernel(op: op, out: 5, a: 6, b: 7, period: period, memory: 0, counters: 0, start: start), x: x, y: y, into: p)
        default: break
        }
        budget -= (count + 1) * 8
        owned.append(p)
        columns[key] = p
        return UnsafePointer(p)
    }

    /// `kernel` (reading slot 6 and 7, writing 5; slots 0–4 are the bar fields) over every bar.
    private func run(_ kernel: Kernel, x: UnsafePointer<Double>, y: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<Double>>.allocate(capacity: 8)
        defer { table.deallocate() }
        for f in 0..<5 { table[f] = UnsafeMutablePointer(mutating: bars.field(f)) }
        table[5] = out
        table[6] = UnsafeMutablePointer(mutating: x)
        table[7] = UnsafeMutablePointer(mutating: y)
        let state = Kernel.initialState(kernel.op, period: Int(kernel.period))
        let m = UnsafeMutablePointer<Double>.allocate(capacity: max(state.numbers.count, 1))
        let c = UnsafeMutablePointer<Int>.allocate(capacity: max(state.counters.count, 1))
        defer {
            m.deallocate()
            c.deallocate()
        }
        m.initialize(from: state.numbers, count: state.numbers.count)
        c.initialize(from: state.counters, count: state.counters.count)
        kernel.runColumns(UnsafePointer(table), m, c, t0: 0, from: 0, count: count)
    }
}
