import Audit
import Foundation
import MarketData
import Policy
import RuleLanguage

/// Replays history through the one engine: at each timestamp, pending orders fill at the
/// open, positions are marked at the close, then every symbol (in the strategy's order)
/// feeds the strategy and any fired rule goes through the policy. Orders decided at a
/// close fill at that symbol's next open.
public final class Backtester {
    public struct Options: Sendable {
        public var settings: ExecutionSettings
        /// Bars before this time only warm up indicators (UTC seconds, inclusive).
        public var from: Int64?
        /// Bars after this time are ignored (inclusive).
        public var to: Int64?
        /// Keep the equity curve and text times (reports need them; the benchmark does not).
        public var recordCurve: Bool
        /// Called with (bars done, bars in total) every 65,536 bars and at the end, for a
        /// progress bar; never on the per-bar path otherwise.
        public var progress: (@Sendable (Int, Int) -> Void)?

        public init(settings: ExecutionSettings = ExecutionSettings(), from: Int64? = nil, to: Int64? = nil, recordCurve: Bool = true,
                    progress: (@Sendable (Int, Int) -> Void)? = nil) {
            self.settings = settings
            self.from = from
            self.to = to
            self.recordCurve = recordCurve
            self.progress = progress
        }
    }

    let core: TradingCore
    let series: [BarSeries]
    let options: Options
    let audit: AuditSink?
    let records: DecisionRecords?
    let portfolio: Portfolio
    let fills: FillModel
    /// Decisions (indices into `entries`, in decision order) waiting for their symbol's next open.
    var pending = RawRun<Int>(capacity: 16)
    /// How many of them each symbol has.
    let pendingBySymbol: UnsafeMutablePointer<Int>
    var pendingCount: Int { pending.count }
    /// The decision records, filled during the run and handed to the result (`DecisionLog`).
    var entries: RawRun<OrderEntry>
    var observed: RawRun<Double>
    var statuses: RawRun<UInt8>
    private var handedOver = false
    let names: OrderNames
    /// Whether a person approved every order (`--approve-all`), read once: `names.approval`
    /// holds text, and asking it per order copies it.
    let approvedByPerson: Bool
    /// Policy checks per decision, and figures (value, previous) per fired rule.
    let checkCount: Int
    let observedFigures: [Int]
    /// Orders with a life (resting orders, exits, entry values): per symbol, when the
    /// strategy has any (`lifeEnabled`); see `Backtester+Life.swift`.
    let lives: UnsafeMutablePointer<SymbolLife>
    let lifeEnabled: Bool
    /// Today's starting equity where a fill places exit legs (the loops keep it current).
    var lifeDayStartEquity = 0.0
    var curve = EquityCurve()
    /// Raw copies of the bars, made once when the backtest is set up (or shared by a sweep).
    let prepared: PreparedBars
    let columns: [BarColumns]
    /// Each symbol's input columns in `core.strategy.inputs` order: symbol s's are
    /// `inputColumns[s * inputCount ..< (s + 1) * inputCount]`.
    let inputColumns: UnsafeMutablePointer<UnsafePointer<Double>>
    let inputCount: Int
    var processed = 0
    var totalBars: Int { prepared.totalBars }
    /// The borrow fee per trading day on a short position's value (0: none).
    let borrowRate: Double

    /// How the bars are walked. All give the same result; tests compare them.
    package enum Loop {
        /// Blocks of bars (per symbol, for several) when the strategy allows it, else bar by bar.
        case automatic
        /// One symbol, one bar at a time.
        case barByBar
        /// The several-symbol timeline, even for one symbol.
        case general
    }
    package var loop = Loop.automatic
    /// Rows per block in the block loop: 256 for one symbol; for several, 128 timeline rows
    /// a window, so that every symbol's block of a window (its columns, rule bytes and
    /// state, about 9 KB a symbol for the SMA crossover at 256 rows) still sits in the
    /// core's 1 MB second-level cache when the walk reads it, where at 256 rows a hundred
    /// symbols' blocks did not (100 symbols: 99–108 against 92–102 M bars/s, 4 and 1,000
    /// symbols no slower; docs/BACKTEST.md §12). Tests set it.
    var blockSize: Int {
        get { chosenBlockSize ?? (series.count > 1 ? 128 : 256) }
        set { chosenBlockSize = newValue }
    }
    private var chosenBlockSize: Int?
    /// Whether a long run may compute its blocks on a second core (`BlockPipeline`). Off by
    /// default: on the 2-vCPU Zen 1 it was first measured on, its gain came and went with the
    /// host (1 symbol 10 to 47 % faster, a strategy that rarely fires up to a third slower,
    /// several symbols slower); on a Zen 4 with 128-row windows, 100 symbols 112–138 against
    /// 99–106 M bars/s, 1 symbol no faster (docs/BACKTEST.md §12). The bench measures it
    /// beside the one-core engine until it wins everywhere.
    package var pipelines = false
    /// Bars from which a pipeline pays for its thread (tests lower it).
    var pipelineMinimumBars = 1 << 16
    /// Where `touchEvents` puts what it loads, so that the loads are not optimised away.
    var touchedBits: UInt64 = 0
    /// How the run used a pipeline, if it had one (the benchmark says it).
    package internal(set) var pipelineUse: PipelineUse?
    package struct PipelineUse: Sendable {
        /// The run's units (blocks of one symbol, or windows of several), and how many of
        /// them the second thread computed (fewer when the engine gave up waiting for it on a
        /// busy machine and computed the rest itself).
        package let units, computedAhead: Int
    }
    /// Tests set this to check that the one-symbol loop and the general loop agree.
    var forceGeneralLoop: Bool {
        get { loop == .general }
        set { loop = newValue ? .general : .automatic }
    }

    /// `series[i]` holds the bars of `core.symbols[i]`. `prepared`, when given, must be made
    /// from the same `series` and `options.to` (a sweep prepares them once for every run).
    public init(core: TradingCore, series: [BarSeries], options: Options, audit: AuditSink? = nil, records: DecisionRecords? = nil,
                prepared: PreparedBars? = nil, references: [String: BarSeries] = [:]) {
        precondition(series.count == core.symbols.count, "one series per symbol")
        precondition(prepared.map { $0.columns.count == series.count && $0.to == options.to } ?? true,
                     "prepared bars of other series or another end")
        self.core = core
        self.series = series
        self.options = options
        borrowRate = options.settings.borrowFeeDailyRate
        self.audit = audit
        self.records = records
        let expectedOrders = min(series.reduce(0) { $0 + $1.count } / 16, 1 << 20)
        let times = BarTimes(series: series)
        portfolio = Portfolio(times: times, cash: options.settings.startingCash, expectedTrades: expectedOrders / 2)
        fills = FillModel(settings: options.settings)
        pendingBySymbol = .allocate(capacity: max(series.count, 1))
        pendingBySymbol.initialize(repeating: 0, count: max(series.count, 1))
        lives = .allocate(capacity: max(series.count, 1))
        lives.initialize(repeating: SymbolLife(), count: max(series.count, 1))
        lifeEnabled = core.strategy.hasOrdersWithLife || core.strategy.readsEntry
        names = OrderNames(policy: core.policy, strategy: core.strategy, times: times,
                           approval: options.settings.approveAll ? HumanApproval(by: "--approve-all") : nil)
        approvedByPerson = options.settings.approveAll
        // Orders are a few percent of bars; reserving avoids repeated copies.
        entries = RawRun(capacity: expectedOrders)
        observed = RawRun(capacity: expectedOrders * 4)
        statuses = RawRun(capacity: expectedOrders * core.policy.checkCount)
        checkCount = core.policy.checkCount
        observedFigures = core.strategy.rules.indices.map { 2 * core.strategy.observedCount(rule: $0) }
        let inputs = core.strategy.inputs
        // Bars a sweep prepared carry its strategy's inputs; others are prepared here.
        let needsSessions = core.strategy.needsSession
        let given = prepared.flatMap { p in
            series.indices.allSatisfy { p.inputColumns(symbol: $0, inputs) != nil } && (p.sessions || !needsSessions) ? p : nil
        }
        self.prepared = given ?? PreparedBars(series: series, to: options.to, inputs: inputs, references: references, sessions: needsSessions)
        columns = self.prepared.columns
        inputCount = inputs.count
        inputColumns = .allocate(capacity: max(series.count * inputs.count, 1))
        for s in series.indices {
            let own = self.prepared.inputColumns(symbol: s, inputs) ?? []
            (inputColumns + s * inputs.count).initialize(from: own, count: own.count)
        }
    }

    /// Room for a curve kept point by point: one allocation per array instead of repeated
    /// doubling (at most one point per bar; symbols on one calendar share their points, more
    /// only when calendars differ). The block loop keeps stretches and needs none.
    private func reserveCurvePoints() {
        guard options.recordCurve else { return }
        curve.reservePoints(columns.map(\.count).max() ?? 0, offsets: columns.contains { $0.offsets != nil })
    }

    deinit {
        inputColumns.deallocate()
        pending.free()
        pendingBySymbol.deallocate()
        lives.deallocate()
        if !handedOver {
            entries.free()
            observed.free()
            statuses.free()
        }
    }

    /// Runs the backtest. A backtester runs once.
    public func run() throws -> BacktestResult {
        precondition(!handedOver, "a Backtester runs once")
        switch (series.count, loop) {
        case (1, .automatic):
            // A borrow fee is charged every day a short is held: the block loop visits only events.
            if !lifeEnabled && borrowRate == 0, let evaluator = core.blockEvaluator(symbol: 0, capacity: blockSize, shared: prepared.shared?[0]) {
                if let (pipeline, evaluators) = pipeline(after: evaluator) { try runBlocks(pipeline, evaluators) } else { try runBlocks(evaluator) }
            } else {
                reserveCurvePoints()
                try runSingleSymbol()
            }
        case (1, .barByBar):
            reserveCurvePoints()
            try runSingleSymbol()
        case (_, .automatic):
            reserveCurvePoints()
            if let evaluators = symbolEvaluators() { try runSymbolBlocks(evaluators) } else { try runSymbols() }
        default:
            reserveCurvePoints()
            try runSymbols()
        }
        try expireUnfilled()
        options.progress?(processed, totalBars)
        handedOver = true
        let log = DecisionLog(entries: FlatBuffer(adopting: entries), observed: FlatBuffer(adopting: observed),
                              statuses: FlatBuffer(adopting: statuses), names: names, observedFigures: observedFigures)
        var result = BacktestResult(strategy: core.strategy.source, policy: core.policy.source, ruleIDs: core.policy.ruleIDs,
                              settings: options.settings, symbols: core.symbols, curve: curve, decisions: log, givenOrders: nil,
                              tradeLog: portfolio.takeTrades(ruleIDs: core.strategy.rules.map(\.id)), givenTrades: nil, openPositions: portfolio.openPositions, finalCash: portfolio.cash,
                              commissionsPaid: portfolio.commissionsPaid, barsProcessed: processed)
        result.borrowFeesPaid = portfolio.borrowFeesPaid
        return result
    }

    /// The same steps as `runSymbols` for the common one-symbol case, without the
    /// timeline merge: the whole per-bar cost is a mark, an equity sum and a strategy step.
    private func runSingleSymbol() throws {
        let c = columns[0]
        let from = options.from ?? .min
        let record = options.recordCurve
        var currentDay = Int64.min
        var dayStartEquity = options.settings.startingCash
        var lastEquity = options.settings.startingCash
        var cash = portfolio.cash, qty = 0.0
        let progress = options.progress
        let sessions = core.strategy.needsSession
        for i in 0..<c.count {
            if i & 0xFFFF == 0xFFFF, let progress { progress(i, c.count) }
            if sessions { core.setSession(symbol: 0, day: c.days[i]) }
            if inputCount > 0 { core.setInputs(symbol: 0, bar: i, columns: inputColumns) }
            let day = c.days[i]
            if day != currentDay {
                dayStartEquity = lastEquity
                currentDay = day
            }
            if pendingCount > 0 {
                try fillPending(symbol: 0, bar: i, open: c.open[i])
                cash = portfolio.cash
                qty = portfolio.position(0)
            }
            let close = c.close[i]
            if lifeEnabled {
                lifeDayStartEquity = dayStartEquity
                try checkResting(symbol: 0, bar: i, open: c.open[i], high: c.high[i], low: c.low[i])
                try checkExits(symbol: 0, bar: i, open: c.open[i], high: c.high[i], low: c.low[i])
                closeBar(symbol: 0, close: close)
                cash = portfolio.cash
                qty = portfolio.position(0)
            }
            if qty < 0 && borrowRate > 0 && (i + 1 == c.count || c.days[i + 1] != day) {
                portfolio.chargeBorrowFee(0, close: close, dailyRate: borrowRate)
                cash = portfolio.cash
            }
            let equity = cash + qty * close
            let fired = core.step(symbol: 0, open: c.open[i], high: c.high[i], low: c.low[i], close: close, volume: c.volume[i],
                                  position: qty, equity: equity, cash: cash)
            if let rule = fired, c.times[i] >= from {
                portfolio.setMark(0, close)
                core.copyObserved(symbol: 0, rule: rule, to: observedSlot(rule: rule))
                try decide(symbol: 0, bar: i, close: close, rule: rule, dayStartEquity: dayStartEquity)
            }
            if lifeEnabled && c.times[i] >= from {
                try checkMaxBars(symbol: 0, bar: i, close: close, ruleSold: soldOn(symbol: 0, bar: i), dayStartEquity: dayStartEquity)
            }
            if record && c.times[i] >= from {
                portfolio.setMark(0, close)
                appendCurvePoint(symbol: 0, bar: i, equity: equity)
            }
            // The next bar's exit legs are judged with this close as the mark, as in `runSymbols`.
            if lifeEnabled { portfolio.setMark(0, close) }
            lastEquity = equity
        }
        processed = c.count
        if c.count > 0 { portfolio.setMark(0, c.close[c.count - 1]) }
    }

    func appendCurvePoint(symbol s: Int, bar i: Int, equity: Double) {
        appendCurvePoint(symbol: s, bar: i, equity: equity, invested: portfolio.grossExposure)
    }

    func appendCurvePoint(symbol s: Int, bar i: Int, equity: Double, invested: Double) {
        curve.appendPoint(of: columns[s], at: i, equity: equity, invested: invested)
    }

    /// Several symbols on one timeline: at each timestamp, fills at the open for every
    /// symbol with a bar, then marks, then strategy steps in the strategy's symbol order.
    func runSymbols() throws {
        let n = series.count
        let cols = UnsafeMutablePointer<BarColumns>.allocate(capacity: max(n, 1))
        cols.initialize(from: columns, count: n)
        let cursor = UnsafeMutablePointer<Int>.allocate(capacity: max(n, 1))
        cursor.initialize(repeating: 0, count: n)
        let active = UnsafeMutablePointer<Int>.allocate(capacity: max(n, 1))
        defer { cols.deallocate(); cursor.deallocate(); active.deallocate() }

        let from = options.from ?? .min
        let record = options.recordCurve
        var currentDay = Int64.min
        var dayStartEquity = options.settings.startingCash
        var lastEquity = options.settings.startingCash
        let sessions = core.strategy.needsSession
        while true {
            var now = Int64.max
            for s in 0..<n where cursor[s] < cols[s].count { now = min(now, cols[s].times[cursor[s]]) }
            if now == .max { break }
            var activeCount = 0
            for s in 0..<n where cursor[s] < cols[s].count && cols[s].times[cursor[s]] == now {
                active[activeCount] = s
                activeCount += 1
            }
            let first = active[0]
            let day = cols[first].days[cursor[first]]
            if day != currentDay {
                dayStartEquity = lastEquity
                currentDay = day
            }
            for k in 0..<activeCount {
                let s = active[k], i = cursor[s]
                if pendingCount > 0 && pendingBySymbol[s] > 0 { try fillPending(symbol: s, bar: i, open: cols[s].open[i]) }
                if lifeEnabled {
                    let c = cols[s]
                    lifeDayStartEquity = dayStartEquity
                    try checkResting(symbol: s, bar: i, open: c.open[i], high: c.high[i], low: c.low[i])
                    try checkExits(symbol: s, bar: i, open: c.open[i], high: c.high[i], low: c.low[i])
                    closeBar(symbol: s, close: c.close[i])
                }
                portfolio.setMark(s, cols[s].close[i])
                if borrowRate > 0 && portfolio.qty[s] < 0 && (i + 1 == cols[s].count || cols[s].days[i + 1] != cols[s].days[i]) {
                    portfolio.chargeBorrowFee(s, close: cols[s].close[i], dailyRate: borrowRate)
                }
            }
            let trading = now >= from
            let equity = portfolio.equity
            let cash = portfolio.cash
            for k in 0..<activeCount {
                let s = active[k], i = cursor[s]
                let c = cols[s]
                if sessions { core.setSession(symbol: s, day: c.days[i]) }
                if inputCount > 0 { core.setInputs(symbol: s, bar: i, columns: inputColumns + s * inputCount) }
                let fired = core.step(symbol: s, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i],
                                      volume: c.volume[i], position: portfolio.position(s), equity: equity, cash: cash)
                if let rule = fired, trading {
                    core.copyObserved(symbol: s, rule: rule, to: observedSlot(rule: rule))
                    try decide(symbol: s, bar: i, close: c.close[i], rule: rule, dayStartEquity: dayStartEquity)
                }
                if lifeEnabled && trading {
                    try checkMaxBars(symbol: s, bar: i, close: c.close[i], ruleSold: soldOn(symbol: s, bar: i), dayStartEquity: dayStartEquity)
                }
                cursor[s] = i + 1
            }
            processed += activeCount
            if processed & 0xFFFF < activeCount, let progress = options.progress { progress(processed, totalBars) }
            if trading && record { appendCurvePoint(symbol: first, bar: cursor[first] - 1, equity: equity) }
            lastEquity = equity
        }
    }
}

extension Array where Element == Int64 {
    /// First index whose element satisfies `predicate` (the array is sorted so that the
    /// predicate is false then true).
    public func partitioningIndex(where predicate: (Int64) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
