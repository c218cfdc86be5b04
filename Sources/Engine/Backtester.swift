import Audit
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
    var pending: [[Int]]
    var pendingCount = 0
    var orders: [OrderReport] = []
    private var curve = EquityCurve()
    /// Raw copies of the bars, made once when the backtest is set up.
    private let columns: [BarColumns]
    private var processed = 0
    private var totalBars: Int { columns.reduce(0) { $0 + $1.count } }
    /// Tests set this to check that the one-symbol loop and the general loop agree.
    var forceGeneralLoop = false

    /// `series[i]` holds the bars of `core.symbols[i]`.
    public init(core: TradingCore, series: [BarSeries], options: Options, audit: AuditSink? = nil, records: DecisionRecords? = nil) {
        precondition(series.count == core.symbols.count, "one series per symbol")
        self.core = core
        self.series = series
        self.options = options
        self.audit = audit
        self.records = records
        portfolio = Portfolio(symbols: core.symbols, cash: options.settings.startingCash)
        fills = FillModel(settings: options.settings)
        pending = Array(repeating: [], count: series.count)
        // Orders are a few percent of bars; reserving avoids repeated copies of large reports.
        orders.reserveCapacity(min(series.reduce(0) { $0 + $1.count } / 16, 1 << 20))
        columns = series.map { bars in
            BarColumns(bars, upTo: options.to.map { to in bars.times.partitioningIndex { $0 > to } } ?? bars.count)
        }
    }

    deinit { columns.forEach { $0.deallocate() } }

    public func run() throws -> BacktestResult {
        if series.count == 1 && !forceGeneralLoop {
            try runSingleSymbol()
        } else {
            try runSymbols()
        }
        try expireUnfilled()
        options.progress?(processed, totalBars)
        return BacktestResult(strategy: core.strategy.source, policy: core.policy.source, ruleIDs: core.policy.ruleIDs,
                              settings: options.settings, symbols: core.symbols, curve: curve, orders: orders,
                              trades: portfolio.trades, openPositions: portfolio.openPositions, finalCash: portfolio.cash,
                              commissionsPaid: portfolio.commissionsPaid, barsProcessed: processed)
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
        for i in 0..<c.count {
            if i & 0xFFFF == 0xFFFF, let progress { progress(i, c.count) }
            let day = c.days[i]
            if day != currentDay {
                dayStartEquity = lastEquity
                currentDay = day
            }
            if pendingCount > 0 {
                try fillPending(symbol: 0, bar: i)
                cash = portfolio.cash
                qty = portfolio.position(0)
            }
            let close = c.close[i]
            let equity = cash + qty * close
            let fired = core.step(symbol: 0, open: c.open[i], high: c.high[i], low: c.low[i], close: close, volume: c.volume[i],
                                  position: qty, equity: equity, cash: cash)
            if let rule = fired, c.times[i] >= from {
                portfolio.setMark(0, close)
                try decide(symbol: 0, bar: i, rule: rule, dayStartEquity: dayStartEquity)
            }
            if record && c.times[i] >= from {
                portfolio.setMark(0, close)
                appendCurvePoint(symbol: 0, bar: i, equity: equity)
            }
            lastEquity = equity
        }
        processed = c.count
        if c.count > 0 { portfolio.setMark(0, c.close[c.count - 1]) }
    }

    private func appendCurvePoint(symbol s: Int, bar i: Int, equity: Double) {
        curve.times.append(columns[s].times[i])
        curve.timeTexts.append(series[s].timeText(i))
        curve.equity.append(equity)
        curve.invested.append(portfolio.grossExposure)
    }

    /// Several symbols on one timeline: at each timestamp, fills at the open for every
    /// symbol with a bar, then marks, then strategy steps in the strategy's symbol order.
    private func runSymbols() throws {
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
                if pendingCount > 0 && !pending[s].isEmpty { try fillPending(symbol: s, bar: i) }
                portfolio.setMark(s, cols[s].close[i])
            }
            let trading = now >= from
            let equity = portfolio.equity
            let cash = portfolio.cash
            for k in 0..<activeCount {
                let s = active[k], i = cursor[s]
                let c = cols[s]
                let fired = core.step(symbol: s, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i],
                                      volume: c.volume[i], position: portfolio.position(s), equity: equity, cash: cash)
                if let rule = fired, trading {
                    try decide(symbol: s, bar: i, rule: rule, dayStartEquity: dayStartEquity)
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
    func partitioningIndex(where predicate: (Int64) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
