/// What the block path needs to know about a compiled strategy, worked out once at compile
/// time: which slots are columns of their own, which are "the previous bar" views of
/// another, which depend on the account, and whether the strategy can run in blocks at all.
///
/// The account (position, cash, equity) changes only when an order fills. Stateless work
/// that reads it can simply be redone from the fill onwards; a stateful indicator over an
/// account value (`sma(equity, 20)`) cannot, so such strategies run bar by bar.
struct BlockPlan {
    let slotCount: Int
    /// For a shadow slot ("previous bar of X"), X; otherwise −1.
    let shadowOf: [Int32]
    /// Bar fields (0 ... 4) that something reads (always open and close); only these are
    /// copied into the block.
    let fields: [Int]
    /// Slots the engine or a kernel writes each bar (their last row carries to the next block).
    let written: [Int32]
    /// Kernels that do not depend on the account, in run order; then the ones that do.
    let fieldKernels: [Int]
    let accountKernels: [Int]
    /// Some rule condition reads the account (directly or through a kernel).
    let readsAccount: Bool
    /// Some rule condition reads `equity` or `cash` (directly or through a kernel): values
    /// every symbol's fills and prices move, not only the symbol's own.
    let readsPortfolio: Bool
    /// False when a stateful kernel reads an account value: then only bar-at-a-time works.
    let blockable: Bool
    /// The column filled with each bar's session (day number) for `vwap`, or −1.
    let sessionSlot: Int32
    /// The columns filled from `BarPointers.inputs` (`CompiledStrategy.inputs` order).
    let inputSlots: [Int32]

    /// `entrySlots`: the slots of the position's entry values (−1: not read). They change on
    /// every bar a position is held, not only at fills, so a strategy reading them runs bar
    /// by bar. `priceSlots`: the slots of order and exit prices the engine reads at a decision.
    init(slotCount: Int, kernels: [Kernel], previousPairs: [(from: Int32, to: Int32)], ops: [ConditionOp],
         observed: [CompiledStrategy.Observed], sessionSlot: Int32, inputSlots: [Int32] = [], entrySlots: [Int32] = [], priceSlots: [Int32] = []) {
        self.slotCount = slotCount
        self.sessionSlot = sessionSlot
        self.inputSlots = inputSlots
        var shadowOf = [Int32](repeating: -1, count: slotCount)
        for pair in previousPairs { shadowOf[Int(pair.to)] = pair.from }
        self.shadowOf = shadowOf
        func source(_ slot: Int32) -> Int { shadowOf[Int(slot)] >= 0 ? Int(shadowOf[Int(slot)]) : Int(slot) }

        var account = [Bool](repeating: false, count: slotCount)
        for a in AccountValue.allCases { account[ProgramBuilder.accountBase + a.rawValue] = true }
        // The slots that depend on equity or cash, which other symbols move.
        var portfolio = [Bool](repeating: false, count: slotCount)
        for a in [AccountValue.equity, .cash] { portfolio[ProgramBuilder.accountBase + a.rawValue] = true }
        var read = [Bool](repeating: false, count: slotCount)
        var fieldKernels: [Int] = [], accountKernels: [Int] = []
        var blockable = !entrySlots.contains { $0 >= 0 }
        for (index, kernel) in kernels.enumerated() {
            let inputs = kernel.inputs
            let dependent = inputs.contains { account[source($0)] }
            for input in inputs { read[source(input)] = true }
            account[Int(kernel.out)] = dependent
            portfolio[Int(kernel.out)] = inputs.contains { portfolio[source($0)] }
            if dependent && kernel.isStateful { blockable = false }
            if dependent { accountKernels.append(index) } else { fieldKernels.append(index) }
        }
        var readsAccount = false, readsPortfolio = false
        for op in ops {
            var slots: [Int32] = []
            switch op.code {
            case .crossAbove, .crossBelow: slots = [op.a, op.b, op.c, op.d]
            case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: slots = [op.a, op.b]
            case .member: slots = [op.a]
            default: break
            }
            for slot in slots {
                read[source(slot)] = true
                if account[source(slot)] { readsAccount = true }
                if portfolio[source(slot)] { readsPortfolio = true }
            }
        }
        for o in observed {
            read[source(o.slot)] = true
            if let p = o.previous { read[source(p)] = true }
        }
        for slot in priceSlots { read[source(slot)] = true }
        // The engine reads every block's opens (fills) and closes (prices) too.
        read[BarField.open.rawValue] = true
        read[BarField.close.rawValue] = true
        fields = BarField.allCases.map(\.rawValue).filter { read[$0] }
        let kernelOutputs = Set(kernels.map(\.out))
        written = (0..<Int32(slotCount)).filter {
            $0 < Int32(ProgramBuilder.fixedSlots) || kernelOutputs.contains($0) || $0 == sessionSlot || inputSlots.contains($0)
        }
        self.fieldKernels = fieldKernels
        self.accountKernels = accountKernels
        self.readsAccount = readsAccount || !accountKernels.isEmpty
        self.readsPortfolio = readsPortfolio
        self.blockable = blockable
    }
}
