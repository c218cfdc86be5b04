import CLanes

/// Raw pointers to one symbol's bar columns (the whole series), for `BlockEvaluator`.
package struct BarPointers {
    package let open, high, low, close, volume: UnsafePointer<Double>
    /// Each bar's New York session (trading day, days since 1970), read only by strategies
    /// that need it (`vwap`); without it such values have none.
    package let days: UnsafePointer<Int64>?
    /// The whole series' column of each `CompiledStrategy.inputs` entry, in that order;
    /// without them those values have none.
    package let inputs: UnsafePointer<UnsafePointer<Double>>?

    package init(open: UnsafePointer<Double>, high: UnsafePointer<Double>, low: UnsafePointer<Double>,
                close: UnsafePointer<Double>, volume: UnsafePointer<Double>, days: UnsafePointer<Int64>? = nil,
                inputs: UnsafePointer<UnsafePointer<Double>>? = nil) {
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.days = days
        self.inputs = inputs
    }

    func field(_ index: Int) -> UnsafePointer<Double> {
        switch index {
        case 0: return open
        case 1: return high
        case 2: return low
        case 3: return close
        default: return volume
        }
    }
}

/// Runs a compiled strategy over a block of bars at a time: each kernel fills its slot's
/// column for the whole block, then each rule marks the rows where it holds. The numbers
/// are those of `CompiledStrategy.advance`/`firingRule` bar by bar (same steps, same order);
/// only the loop order differs. Memory is a column per slot for one block, whatever the
/// length of the series, plus the symbol's `StrategyState`.
///
/// The account is constant between fills: after a fill the caller says so with
/// `accountChanged(atRow:position:cash:)`, and what reads the account is redone from there.
package final class BlockEvaluator {
    package let capacity: Int
    /// Rows in the current block.
    package private(set) var count = 0
    @usableFromInline let strategy: CompiledStrategy
    private let plan: BlockPlan
    private let state: StrategyState
    /// Row stride of `storage`: 8 leading doubles keep row 0 aligned; row −1 is the 8th.
    private let stride: Int
    private let storage: UnsafeMutablePointer<Double>
    /// Row 0 of each slot's column; a shadow slot points one row before its source.
    @usableFromInline let columns: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    /// Per rule, a column of bytes: 1 on the rows where its condition holds (and its
    /// warm-up is over), else 0. Zeros past the last row let `nextFiring` read eight rows
    /// at a time.
    @usableFromInline let hits: UnsafeMutablePointer<UInt8>
    @usableFromInline let hitStride: Int
    /// The rows where any rule holds (nonzero byte): what `nextFiring` scans.
    @usableFromInline let any: UnsafeMutablePointer<UInt8>
    @usableFromInline let ruleCount: Int
    private let stack: UnsafeMutablePointer<UInt8>
    /// Whole-series columns given for some kernels' slots (`SeriesColumns`), not computed:
    /// read where they lie (the slot's column, and the shadow slots that view it one row
    /// earlier, move along it block by block), or copied in when the column's row −1 is not
    /// the state's own value for the slot.
    private let inPlace: [(slot: Int, column: UnsafePointer<Double>, shadows: [Int])]
    private let copied: [(slot: Int32, column: UnsafePointer<Double>)]
    /// The written slots whose last row carries to the next block's row −1 (a column read in
    /// place has its previous row already).
    private let carried: [Int32]
    /// The kernels that do not read the account and whose column is not given, in run order,
    /// with a neighbour that shares its loop (`Kernel.pairs`) or −1.
    private let fieldKernels: [(kernel: Int, pair: Int)]
    /// The shadow slots of each bar field read (`plan.fields` order): they view the
    /// field's column one row earlier, wherever it lies.
    private let fieldShadows: [[Int]]
    /// The read fields (`plan.fields` indices) no kernel reads row by row: the engine reads
    /// them only where something happens (an order's open). Read in place, each such read
    /// would wait for memory on its own; `run` asks for the block's lines of them first.
    private let touched: [Int]
    private var bars: BarPointers?
    private var start = 0
    /// Bars the symbol had seen before row 0 of this block.
    private var t0 = 0

    /// `given`: whole-series columns of some kernels' slots over the bars `run` will be given,
    /// from the first bar, each starting one row early (row −1: the slot's value before the
    /// first bar), as `SeriesColumns.columns(for:)` gives them; `state` must be fresh then.
    package init(strategy: CompiledStrategy, state: StrategyState, capacity: Int = 256,
                 given: [(slot: Int32, column: UnsafePointer<Double>)] = []) {
        precondition(strategy.plan.blockable, "this strategy reads the account in an indicator: run it bar by bar")
        self.strategy = strategy
        plan = strategy.plan
        let givenSlots = Set(given.map(\.slot))
        fieldKernels = Self.pairUp(plan.fieldKernels.filter { !givenSlots.contains(strategy.kernels[$0].out) }, strategy.kernels)
        self.state = state
        self.capacity = max(8, (capacity + 7) / 8 * 8)
        stride = self.capacity + 8
        storage = .allocate(capacity: plan.slotCount * stride)
        columns = .allocate(capacity: max(plan.slotCount, 1))
        for s in 0..<plan.slotCount {
            // Row −1 starts as the slot's current value, so a state that ran bar by bar continues.
            storage.advanced(by: s * stride).initialize(repeating: state.registers[s], count: stride)
            columns.advanced(by: s).initialize(to: storage + s * stride + 8)
        }
        for s in 0..<plan.slotCount where plan.shadowOf[s] >= 0 {
            columns[s] = storage + Int(plan.shadowOf[s]) * stride + 7
        }
        var inPlace: [(slot: Int, column: UnsafePointer<Double>, shadows: [Int])] = []
        var copied: [(slot: Int32, column: UnsafePointer<Double>)] = []
        let shadowOf = strategy.plan.shadowOf
        for (slot, column) in given {
            if column[-1].bitPattern == state.registers[Int(slot)].bitPattern {
                inPlace.append((Int(slot), column, shadowOf.indices.filter { shadowOf[$0] == slot }))
            } else {
                copied.append((slot, column))
            }
        }
        self.inPlace = inPlace
        self.copied = copied
        fieldShadows = plan.fields.map { f in shadowOf.indices.filter { shadowOf[$0] == f } }
        let kernels = strategy.kernels, fields = plan.fields
        let streamed = Set(fieldKernels.flatMap { [kernels[$0.kernel].inputs, $0.pair >= 0 ? kernels[$0.pair].inputs : []] }
            .joined().map { shadowOf[Int($0)] >= 0 ? Int(shadowOf[Int($0)]) : Int($0) })
        touched = fields.indices.filter { !streamed.contains(fields[$0]) }
        let readInPlace = Set(inPlace.map { Int32($0.slot) })
        carried = plan.written.filter { !readInPlace.contains($0) }
        ruleCount = strategy.ruleCount
        hitStride = self.capacity + 8
        hits = .allocate(capacity: max(ruleCount, 1) * hitStride)
        hits.initialize(repeating: 0, count: max(ruleCount, 1) * hitStride)
        any = .allocate(capacity: hitStride)
        any.initialize(repeating: 0, count: hitStride)
        stack = .allocate(capacity: max(strategy.stackDepth, 1) * self.capacity)
        stack.initialize(repeating: 0, count: max(strategy.stackDepth, 1) * self.capacity)
    }

    /// Neighbours in run order that share a loop, each kernel in one step.
    private static func pairUp(_ order: [Int], _ kernels: UnsafeMutablePointer<Kernel>) -> [(kernel: Int, pair: Int)] {
        var steps: [(kernel: Int, pair: Int)] = []
        var k = 0
        while k < order.count {
            if k + 1 < order.count, Kernel.pairs(kernels[order[k]], kernels[order[k + 1]]) {
                steps.append((order[k], order[k + 1]))
                k += 2
            } else {
                steps.append((order[k], -1))
                k += 1
            }
        }
        return steps
    }

    deinit {
        storage.deallocate()
        columns.deallocate()
        hits.deallocate()
        any.deallocate()
        stack.deallocate()
    }

    /// Bytes this evaluator holds for one symbol (independent of the number of bars).
    package var byteCount: Int {
        plan.slotCount * (stride * 8 + 8) + (max(ruleCount, 1) + 1) * hitStride + max(strategy.stackDepth, 1) * capacity
    }

    /// Runs bars `start ..< start + count` of `bars` (count ≤ capacity), with the account
    /// (`position`, `cash`) as it stands at the first of them.
    package func run(_ bars: BarPointers, start: Int, count n: Int, position: Double, cash: Double) {
        precondition(n > 0 && n <= capacity)
        if n < count {
            for r in 0..<ruleCount { (hits + r * hitStride + n).update(repeating: 0, count: count - n) }
            (any + n).update(repeating: 0, count: count - n)
        }
        // The series' previous bar is the last one the state saw: the block continues the
        // state's last block (this evaluator's or a sibling's sharing the state).
        let follows = start > 0 && state.counters[0] == start && state.blockSeries == bars.close
        // Row −1 of each slot's own storage: the slot's value after the state's last bar
        // (the registers hold the last row of whichever block ran last).
        for s in carried { storage[Int(s) * stride + 7] = state.registers[Int(s)] }
        self.bars = bars
        self.start = start
        count = n
        placeFields(bars, start: start, count: n, inPlace: follows)
        if follows { prefetchUntouched(bars, start: start, count: n) }
        if plan.sessionSlot >= 0 {
            let session = columns[Int(plan.sessionSlot)]
            if let days = bars.days {
                for j in 0..<n { session[j] = Double(days[start + j]) }
            } else {
                session.update(repeating: .nan, count: n)
            }
        }
        for (k, slot) in plan.inputSlots.enumerated() {
            let column = columns[Int(slot)]
            if let inputs = bars.inputs {
                column.update(from: inputs[k] + start, count: n)
            } else {
                column.update(repeating: .nan, count: n)
            }
        }
        for (slot, column) in copied { columns[Int(slot)].update(from: column + start, count: n) }
        for (slot, column, shadows) in inPlace {
            columns[slot] = UnsafeMutablePointer(mutating: column + start)
            for s in shadows { columns[s] = UnsafeMutablePointer(mutating: column + start - 1) }
        }
        t0 = state.counters[0]
        let m = state.memory, k = state.counters + 1
        for (i, pair) in fieldKernels {
            let kernel = strategy.kernels[i]
            if pair >= 0, Kernel.runPair(kernel, strategy.kernels[pair], columns, m, k, t0: t0, count: n) { continue }
            kernel.runColumns(columns, m, k, t0: t0, from: 0, count: n)
            if pair >= 0 { strategy.kernels[pair].runColumns(columns, m, k, t0: t0, from: 0, count: n) }
        }
        state.counters[0] = t0 + n
        state.blockSeries = bars.close
        redoAccount(from: 0, position: position, cash: cash)
    }

    /// Points each read bar field's slot (and its shadows) at the series from `start`, or
    /// at its storage with the block's rows copied in. Once a block follows the previous
    /// one on the same bars, the series' previous bar is its row −1, so nothing is copied;
    /// the first block is (its row −1 is the state's value, which the series lacks).
    private func placeFields(_ bars: BarPointers, start: Int, count n: Int, inPlace: Bool) {
        for (k, f) in plan.fields.enumerated() {
            let column = inPlace ? UnsafeMutablePointer(mutating: bars.field(f) + start) : storage + f * stride + 8
            if !inPlace { column.update(from: bars.field(f) + start, count: n) }
            columns[f] = column
            for shadow in fieldShadows[k] { columns[shadow] = column - 1 }
        }
    }

    /// Asks for the cache lines of the fields no kernel streams (the opens orders fill at)
    /// over rows `start ... start + count` (the last one: the fill of a decision on the
    /// block's last row), before the kernels run. The lines arrive while the block is
    /// computed, and a prefetch, unlike a load, keeps nothing waiting: touching the rows
    /// after each firing with loads instead cost about a tenth of the engine's time.
    private func prefetchUntouched(_ bars: BarPointers, start: Int, count n: Int) {
        for k in touched {
            let column = bars.field(plan.fields[k]) + start
            var j = 0
            while j <= n {
                algobot_prefetch(column + j)
                j &+= 8
            }
        }
    }

    /// An order filled at the open of row `row`: from there on the account is `position`
    /// and `cash`. Redoes what reads the account (nothing if no rule does).
    package func accountChanged(atRow row: Int, position: Double, cash: Double) {
        guard plan.readsAccount, row < count else { return }
        redoAccount(from: row, position: position, cash: cash)
    }

    private func redoAccount(from row: Int, position: Double, cash: Double) {
        let n = count
        if plan.readsAccount, let bars {
            let base = ProgramBuilder.accountBase
            let p = columns[base], value = columns[base + 1], equity = columns[base + 2], money = columns[base + 3]
            let close = bars.close + start
            // The same figures the bar-by-bar engine feeds: position × close, cash + qty × close.
            for j in row..<n {
                p[j] = position
                value[j] = position * close[j]
                equity[j] = cash + position * close[j]
                money[j] = cash
            }
            let m = state.memory, k = state.counters + 1
            for i in plan.accountKernels { strategy.kernels[i].runColumns(columns, m, k, t0: t0, from: row, count: n) }
        }
        for r in 0..<ruleCount {
            let column = hits + r * hitStride
            // Rows still in the rule's warm-up never fire.
            let from = min(max(row, strategy.lookbacks[r] - t0), n)
            (column + row).update(repeating: 0, count: from - row)
            if from < n {
                ConditionOp.markHits(strategy.ops, strategy.ruleStart[r], strategy.ruleStart[r + 1], columns,
                                     strategy.constants, stack, stride: capacity, hits: column, from: from, count: n)
            }
        }
        // Eight rows at a time; rows before `row` and after the block give what they gave.
        let raw = UnsafeRawPointer(hits), out = UnsafeMutableRawPointer(any)
        var j = row & ~7
        while j < n {
            var word: UInt64 = 0
            for r in 0..<ruleCount { word |= raw.loadUnaligned(fromByteOffset: r * hitStride + j, as: UInt64.self) }
            out.storeBytes(of: word, toByteOffset: j, as: UInt64.self)
            j += 8
        }
        // Keep the register file as bar-by-bar running would leave it after the last row.
        for s in 0..<plan.slotCount { state.registers[s] = columns[s][n - 1] }
    }

    /// The first row at or after `row` where a rule fires, or `count` if none does.
    @inlinable
    package func nextFiring(from row: Int) -> Int {
        // Eight rows per load; rows from `count` on are zero, so the scan stops there.
        let raw = UnsafeRawPointer(any)
        let n = count
        var j = row
        while j < n {
            let word = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            if word != 0 { return min(j + word.littleEndian.trailingZeroBitCount / 8, n) }
            j &+= 8
        }
        return n
    }

    /// The rule that fires on `row` (the first in file order whose condition holds), or nil.
    @inlinable
    package func firedRule(atRow row: Int) -> Int? {
        for r in 0..<ruleCount where hits[r * hitStride + row] != 0 { return r }
        return nil
    }

    /// Loads what the engine reads on `row` when a rule fires there — each rule's byte and
    /// every value a rule saw — and returns their bits, so that the loads stay. For a block
    /// computed on another core: loaded together up front, they do not wait on each other,
    /// where the engine's own reads, one decision at a time, would each wait in turn.
    package func touchFiring(row: Int) -> UInt64 {
        var bits: UInt64 = 0
        for r in 0..<ruleCount { bits &+= UInt64(hits[r * hitStride + row]) }
        let table = strategy.observedSlots
        for k in 0..<strategy.observedStart[ruleCount] {
            bits ^= columns[Int(table[k].slot)][row].bitPattern
            if table[k].previous >= 0 { bits ^= columns[Int(table[k].previous)][row].bitPattern }
        }
        return bits
    }

    /// The value of `slot` on `row` of the current block.
    func value(_ slot: Int32, row: Int) -> Double { columns[Int(slot)][row] }

    /// The values rule `index` saw on `row`, in `CompiledStrategy.observedValues` order.
    package func observedValues(rule index: Int, row: Int) -> [(expression: String, value: Double, previous: Double?)] {
        strategy.rules[index].observed.map { ($0.text, value($0.slot, row: row), $0.previous.map { value($0, row: row) }) }
    }

    /// Writes value, previous (NaN when the value has none) for each observed value of
    /// rule `index` on `row` (`2 × observedCount(rule:)` doubles): the decision record's
    /// figures without any text.
    @inlinable
    package func copyObserved(rule index: Int, row: Int, to out: UnsafeMutablePointer<Double>) {
        let columns = self.columns
        strategy.copyObserved(rule: index, read: { columns[Int($0)][row] }, to: out)
    }
}
