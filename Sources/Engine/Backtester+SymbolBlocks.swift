import Policy
import RuleLanguage

/// Several symbols a block at a time. Symbols share cash, so their events must meet in the
/// order the bar-by-bar loop (`runSymbols`) meets them; but between events nothing moves
/// the account. Each symbol's `BlockEvaluator` runs ahead over a window of the merged
/// timeline and marks the rows where its rules hold; an `EventQueue` then hands out the
/// symbols' next events (a pending fill at an open, a rule firing at a close) by time,
/// fills before decisions, symbols in strategy order — and only those bars are visited.
/// Equity, today's starting equity and the curve are worked out from the closes where they
/// are needed, with the sums of `Portfolio.equity`, so every figure is the bar-by-bar loop's.
extension Backtester {
    /// One evaluator per symbol when this run can go a block at a time: the one-symbol
    /// block loop's conditions, and no rule reading `equity` or `cash`, which other symbols
    /// move between one symbol's rows. Nil otherwise (the run goes bar by bar).
    func symbolEvaluators() -> [BlockEvaluator]? {
        guard !lifeEnabled, borrowRate == 0, !core.strategy.readsPortfolio, prepared.timeline != nil else { return nil }
        let evaluators = series.indices.compactMap { core.blockEvaluator(symbol: $0, capacity: blockSize, shared: prepared.shared?[$0]) }
        return evaluators.count == series.count ? evaluators : nil
    }

    func runSymbolBlocks(_ evaluators: [BlockEvaluator]) throws {
        guard let t = prepared.timeline else { return try runSymbols() }
        if let (pipeline, sets) = symbolPipeline(evaluators, t) {
            pipeline.start()
            defer { pipeline.finish() }
            try walkSymbolBlocks(t, farEvents: true) { w in sets[pipeline.unit(w)] } done: { pipeline.release($0) }
            pipeline.finish()
            pipelineUse = PipelineUse(units: (t.count + blockSize - 1) / blockSize, computedAhead: pipeline.produced)
            return
        }
        let bars = (0..<series.count).map(barPointers(symbol:))
        try walkSymbolBlocks(t, farEvents: false) { w in
            let windowEnd = min((w + 1) * blockSize, t.count)
            for s in evaluators.indices {
                let lo = t.bars(symbol: s, before: w * blockSize), hi = t.bars(symbol: s, before: windowEnd)
                if hi > lo { evaluators[s].run(bars[s], start: lo, count: hi - lo, position: portfolio.qty[s], cash: portfolio.cash) }
            }
            return evaluators
        } done: { _ in }
    }

    /// A pipeline of windows (every symbol's block over a stretch of the timeline) and its
    /// ring of evaluator sets, when it is worth a thread (`pipelines`, a strategy that does
    /// not read the account, enough bars). `first` is the run's set; the others share its states.
    private func symbolPipeline(_ first: [BlockEvaluator], _ t: MergedTimeline) -> (BlockPipeline, [[BlockEvaluator]])? {
        guard pipelines, !core.strategy.readsAccount, totalBars >= pipelineMinimumBars else { return nil }
        let others = (1..<3).map { _ in
            series.indices.compactMap { core.blockEvaluator(symbol: $0, capacity: blockSize, shared: prepared.shared?[$0]) }
        }
        guard others.allSatisfy({ $0.count == series.count }) else { return nil }
        let sets = [first] + others, bars = (0..<series.count).map(barPointers(symbol:)), size = blockSize
        // The account is never read: no position or cash to give (the producer cannot know them).
        let pipeline = BlockPipeline(ring: sets.count, units: (t.count + size - 1) / size) { w, slot in
            let windowEnd = min((w + 1) * size, t.count)
            for (s, evaluator) in sets[slot].enumerated() {
                let lo = t.bars(symbol: s, before: w * size), hi = t.bars(symbol: s, before: windowEnd)
                if hi > lo { evaluator.run(bars[s], start: lo, count: hi - lo, position: 0, cash: 0) }
            }
        }
        return (pipeline, sets)
    }

    /// Walks window after window of the timeline: `window(w)` gives each symbol's evaluator
    /// holding its bars of window `w`, computed; `done(w)` says the walk no longer reads
    /// them. `farEvents`: they were computed on another core, whose caches hold the bars.
    private func walkSymbolBlocks(_ t: MergedTimeline, farEvents: Bool, window: (Int) -> [BlockEvaluator],
                                  done: (Int) -> Void) throws {
        let n = series.count
        let firstTrading = t.firstIndex(atOrAfter: options.from ?? .min)
        let record = options.recordCurve, readsAccount = core.strategy.readsAccount
        let startingCash = options.settings.startingCash
        // Per symbol: its current block (first bar, bars), the next row to look at, and the
        // bar whose open fills its pending orders.
        let blockStart = UnsafeMutablePointer<Int>.allocate(capacity: n), blockCount = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let nextRow = UnsafeMutablePointer<Int>.allocate(capacity: n), fillBar = UnsafeMutablePointer<Int>.allocate(capacity: n)
        blockStart.initialize(repeating: 0, count: n)
        blockCount.initialize(repeating: 0, count: n)
        nextRow.initialize(repeating: 0, count: n)
        fillBar.initialize(repeating: .max, count: n)
        var queue = EventQueue(symbols: n, window: blockSize)
        let handles = UnsafeMutablePointer<Unmanaged<BlockEvaluator>>.allocate(capacity: n)
        defer {
            [blockStart, blockCount, nextRow, fillBar].forEach { $0.deallocate() }
            queue.deallocate()
            handles.deallocate()
        }
        let closes = columns.map(\.close), opens = columns.map(\.open)
        /// Symbol k's close at (or last before) timeline index m.
        func mark(_ k: Int, at m: Int) -> Double { closes[k][t.lastBar(symbol: k, atOrBefore: m)] }

        var anchor = -2, dayStartEquity = startingCash
        /// Today's starting equity at time m: the equity at the day's anchor, with the account
        /// as it stands (it is called before every change of the account).
        func advanceDay(to m: Int) {
            let a = t.dayAnchor[m]
            guard a != anchor else { return }
            anchor = a
            dayStartEquity = a < 0 ? startingCash : portfolio.figures(marks: { mark($0, at: a) }).equity
        }

        var curveFrom = 0
        /// Curve points for times `curveFrom ..< end` (from the first trading time), with the
        /// account as it stands.
        func appendPoints(to end: Int) {
            for m in max(curveFrom, firstTrading)..<max(end, firstTrading) {
                let figures = portfolio.figures(marks: { mark($0, at: m) })
                let s = Int(t.first[m])
                appendCurvePoint(symbol: s, bar: t.lastBar(symbol: s, atOrBefore: m), equity: figures.equity, invested: figures.grossExposure)
            }
            curveFrom = max(curveFrom, end)
        }

        /// Symbol s's next event in its block, if any: a fill comes before a decision on its bar.
        func nextEvent(_ s: Int) -> (time: Int, phase: EventQueue.Phase)? {
            let end = blockStart[s] + blockCount[s]
            let fire = nextRow[s] < blockCount[s] ? blockStart[s] + nextRow[s] : Int.max
            let fill = fillBar[s] < end ? fillBar[s] : Int.max
            if fill <= fire {
                return fill == .max ? nil : (t.index(symbol: s, bar: fill), .fill)
            }
            return (t.index(symbol: s, bar: fire), .decision)
        }
        // The timeline index whose closes the held and pending symbols are marked at (−1:
        // none yet). Between two decisions at one time nothing fills (every fill at a time
        // comes before its decisions), and a symbol that decides there is marked at its own
        // close, so the marks of the first decision at a time serve the others.
        var markedAt = -1

        var windowStart = 0, w = 0, reported = 0
        while windowStart < t.count {
            let windowEnd = min(windowStart + blockSize, t.count)
            let evaluators = window(w)
            queue.start(at: windowStart, count: windowEnd - windowStart)
            for s in 0..<n {
                let lo = blockStart[s] + blockCount[s], hi = t.bars(symbol: s, before: windowEnd)
                blockStart[s] = lo
                blockCount[s] = hi - lo
                nextRow[s] = 0
                if hi > lo {
                    if farEvents { touchEvents(evaluators[s], symbol: s, start: lo, count: hi - lo) }
                    nextRow[s] = evaluators[s].nextFiring(from: 0)
                }
                if let next = nextEvent(s) { queue.push(time: next.time, phase: next.phase, symbol: s) }
            }
            // The window's evaluators, unretained: `evaluators` keeps them until the window is
            // walked, and a retain and a release per event (atomic, on objects the walk does
            // not own) cost about a tenth of this loop's time.
            for s in 0..<n { handles[s] = Unmanaged.passUnretained(evaluators[s]) }
            while let event = queue.top {
                let (m, phase, s) = event
                try handles[s]._withUnsafeGuaranteedRef { evaluator in
                    if phase == .fill {
                        let bar = fillBar[s], row = bar - blockStart[s]
                        advanceDay(to: m)
                        if record { appendPoints(to: m) }
                        try fillPending(symbol: s, bar: bar, open: opens[s][bar])
                        fillBar[s] = .max
                        if readsAccount {
                            evaluator.accountChanged(atRow: row, position: portfolio.qty[s], cash: portfolio.cash)
                            nextRow[s] = evaluator.nextFiring(from: row)
                        }
                    } else {
                        let row = nextRow[s], i = blockStart[s] + row
                        nextRow[s] = evaluator.nextFiring(from: row + 1)
                        if m >= firstTrading, let rule = evaluator.firedRule(atRow: row) {
                            advanceDay(to: m)
                            let close = closes[s][i]
                            if markedAt != m {
                                markAll(at: m, closeAt: mark(_:at:))
                                markedAt = m
                            }
                            portfolio.setMark(s, close)
                            evaluator.copyObserved(rule: rule, row: row, to: observedSlot(rule: rule))
                            try decide(symbol: s, bar: i, close: close, rule: rule, dayStartEquity: dayStartEquity)
                            if pendingBySymbol[s] > 0 { fillBar[s] = i + 1 }
                        }
                    }
                }
                if let next = nextEvent(s) {
                    queue.replaceTop(time: next.time, phase: next.phase, symbol: s)
                } else {
                    queue.removeTop()
                }
            }
            withExtendedLifetime(evaluators) {}
            done(w)
            if record { appendPoints(to: windowEnd) }
            windowStart = windowEnd
            w += 1
            if let progress = options.progress {
                let done = (0..<n).reduce(0) { $0 + blockStart[$1] + blockCount[$1] }
                if done >> 16 != reported >> 16 { progress(done, totalBars) }
                reported = done
            }
        }
        processed = totalBars
        for s in 0..<n where columns[s].count > 0 { portfolio.setMark(s, columns[s].close[columns[s].count - 1]) }
    }

    /// The marks a decision at time `m` reads, as the bar-by-bar loop has them then: the
    /// last close of every held symbol and of every symbol with orders waiting (the policy
    /// counts those in). The deciding symbol's own close is set by the caller.
    @inline(__always)
    private func markAll(at m: Int, closeAt: (Int, Int) -> Double) {
        portfolio.forEachHeld { portfolio.setMark($0, closeAt($0, m)) }
        // The pending orders are in symbol order (`queuePending`): each of their symbols once.
        var last = -1
        for k in 0..<pending.count {
            let symbol = Int(entries[pending[k]].symbol)
            if symbol != last {
                portfolio.setMark(symbol, closeAt(symbol, m))
                last = symbol
            }
        }
    }
}
