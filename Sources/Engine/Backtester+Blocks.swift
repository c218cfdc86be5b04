import Policy
import RuleLanguage

/// The one-symbol backtest a block of bars at a time. The strategy computes a whole block
/// (`BlockEvaluator`), then the engine walks only the rows where something happens — a
/// rule fires or an order fills — in bar order. Between those rows the account does not
/// change, so equity, today's starting equity and the curve are worked out from the
/// closes when needed. The result equals the bar-by-bar loop's, figure for figure.
extension Backtester {
    /// Each block computed here, then walked.
    func runBlocks(_ evaluator: BlockEvaluator) throws {
        let bars = barPointers(symbol: 0)
        try walkBlocks(capacity: evaluator.capacity, farEvents: false) { _, start, n in
            evaluator.run(bars, start: start, count: n, position: portfolio.qty[0], cash: portfolio.cash)
            return evaluator
        } done: { _ in }
    }

    /// The blocks computed on another core (`BlockPipeline`, one block a unit) while this
    /// one walks them. `evaluators[slot]` holds the pipeline's slot.
    func runBlocks(_ pipeline: BlockPipeline, _ evaluators: [BlockEvaluator]) throws {
        pipeline.start()
        defer { pipeline.finish() }
        try walkBlocks(capacity: evaluators[0].capacity, farEvents: true) { k, _, _ in evaluators[pipeline.unit(k)] }
            done: { pipeline.release($0) }
        pipeline.finish()
        pipelineUse = PipelineUse(units: (columns[0].count + blockSize - 1) / blockSize, computedAhead: pipeline.produced)
    }

    /// A pipeline for this one-symbol run and its evaluators, when it is worth a thread
    /// (`pipelines`, a strategy that does not read the account, a long series). `first`
    /// is the run's evaluator; its siblings share its state.
    func pipeline(after first: BlockEvaluator) -> (BlockPipeline, [BlockEvaluator])? {
        guard pipelines, !core.strategy.readsAccount, columns[0].count >= pipelineMinimumBars else { return nil }
        let evaluators = [first] + (1..<4).compactMap { _ in core.blockEvaluator(symbol: 0, capacity: blockSize, shared: prepared.shared?[0]) }
        let bars = barPointers(symbol: 0), total = columns[0].count, size = first.capacity
        let units = (total + size - 1) / size
        // The account is never read: no position or cash to give (the producer cannot know them).
        let pipeline = BlockPipeline(ring: evaluators.count, units: units) { k, slot in
            evaluators[slot].run(bars, start: k * size, count: min(size, total - k * size), position: 0, cash: 0)
        }
        return (pipeline, evaluators)
    }

    /// Walks block after block: `block(k, start, count)` gives the evaluator holding block
    /// `k` (rows `start ..< start + count`), computed; `done(k)` says the walk no longer
    /// reads it. `farEvents`: the block was computed on another core, whose caches hold
    /// the bars it read, so the closes and opens its events need are loaded together first.
    private func walkBlocks(capacity: Int, farEvents: Bool, block: (Int, Int, Int) -> BlockEvaluator, done: (Int) -> Void) throws {
        let c = columns[0]
        let from = options.from ?? .min
        // The first bar that trades (bars are in time order); earlier bars only warm up.
        let firstTrading = c.firstBar(atOrAfter: from)
        let record = options.recordCurve
        let progress = options.progress
        var day = DayTracker(days: c.days, closes: c.close, startingCash: options.settings.startingCash,
                             everyBarStartsADay: c.everyBarStartsADay)
        /// The bar whose open fills the pending order (the bar after its decision).
        var fillBar = Int.max
        let readsAccount = core.strategy.readsAccount
        var curveFrom = 0
        // The curve's points are bars `firstTrading ..< c.count`, kept as stretches between fills
        // over the series' own closes (the columns hold the same numbers).
        if record { curve.startMarks(closes: series[0].close, first: min(firstTrading, c.count)) }
        var start = 0, k = 0
        while start < c.count {
            let n = min(capacity, c.count - start)
            let evaluator = block(k, start, n)
            if farEvents { touchEvents(evaluator, start: start, count: n) }
            var next = evaluator.nextFiring(from: 0)
            while true {
                if fillBar < start + n && fillBar <= start + next {
                    // The fill comes first: at the open, before that bar's close is judged.
                    let fillRow = fillBar - start
                    day.advance(to: fillBar, cash: portfolio.cash, shares: portfolio.qty[0],
                                previousClose: c.close[fillBar - 1])
                    if record { appendCurve(from: &curveFrom, to: fillBar, firstTrading: firstTrading) }
                    try fillPending(symbol: 0, bar: fillBar, open: c.open[fillBar])
                    fillBar = .max
                    // Rules that read the account may now fire elsewhere from the fill on.
                    if readsAccount {
                        evaluator.accountChanged(atRow: fillRow, position: portfolio.qty[0], cash: portfolio.cash)
                        next = evaluator.nextFiring(from: fillRow)
                    }
                    continue
                }
                guard next < n else { break }
                let i = start + next, row = next
                next = evaluator.nextFiring(from: row + 1)
                guard i >= firstTrading, let rule = evaluator.firedRule(atRow: row) else { continue }
                // The bar before the first has no close; the tracker starts from the cash there.
                day.advance(to: i, cash: portfolio.cash, shares: portfolio.qty[0], previousClose: i > 0 ? c.close[i - 1] : .nan)
                let close = c.close[i]
                portfolio.setMark(0, close)
                evaluator.copyObserved(rule: rule, row: row, to: observedSlot(rule: rule))
                try decide(symbol: 0, bar: i, close: close, rule: rule, dayStartEquity: day.dayStartEquity)
                if pendingCount > 0 { fillBar = i + 1 }
            }
            done(k)
            start += n
            k += 1
            if record { appendCurve(from: &curveFrom, to: start, firstTrading: firstTrading) }
            if let progress, (start - n) >> 16 != start >> 16 { progress(start, c.count) }
        }
        processed = c.count
        if c.count > 0 { portfolio.setMark(0, c.close[c.count - 1]) }
        // The points are bars `firstTrading ..< c.count`, one each: their times are the series'.
        if record { curve.setTimes(of: series[0], from: min(firstTrading, c.count), to: c.count) }
    }

    /// Loads the close of every row where a rule fires, the open after it and what the
    /// decision reads from the evaluator there (symbol `s`'s rows `start ..< start + count`),
    /// all at once: these loads do not wait on each other, where the walk's would each wait
    /// in turn for another core's cache.
    func touchEvents(_ evaluator: BlockEvaluator, symbol s: Int = 0, start: Int, count n: Int) {
        let c = columns[s], last = c.count - 1
        var bits = touchedBits, row = evaluator.nextFiring(from: 0)
        while row < n {
            bits ^= c.close[start + row].bitPattern ^ c.open[min(start + row + 1, last)].bitPattern ^ evaluator.touchFiring(row: row)
            row = evaluator.nextFiring(from: row + 1)
        }
        touchedBits = bits
    }

    /// Curve points for bars `curveFrom ..< end` (from `firstTrading` on), all with the
    /// account as it stands now: one stretch (cash and shares), whose points are the figures
    /// the bar-by-bar loop appends (`EquityCurve.equity`, `.invested`). Their times are set
    /// once at the end of the run.
    private func appendCurve(from curveFrom: inout Int, to end: Int, firstTrading: Int) {
        let first = max(curveFrom, firstTrading)
        if first < end { curve.appendMarks(cash: portfolio.cash, shares: portfolio.qty[0], count: end - first) }
        curveFrom = max(curveFrom, end)
    }

    /// Symbol `s`'s bars as the block evaluator reads them.
    func barPointers(symbol s: Int) -> BarPointers {
        let c = columns[s]
        return BarPointers(open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, days: c.sessions,
                           inputs: inputCount > 0 ? UnsafePointer(inputColumns + s * inputCount) : nil)
    }
}
