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

        public init(settings: ExecutionSettings = ExecutionSettings(), from: Int64? = nil, to: Int64? = nil, recordCurve: Bool = true) {
            self.settings = settings
            self.from = from
            self.to = to
            self.recordCurve = recordCurve
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
    }

    public func run() throws -> BacktestResult {
        let n = series.count
        var cursor = [Int](repeating: 0, count: n)
        var ends = series.map(\.count)
        if let to = options.to {
            for s in 0..<n { ends[s] = series[s].times.partitioningIndex { $0 > to } }
        }
        let from = options.from ?? .min
        var active = [Int](repeating: 0, count: n)
        var currentDay = Int64.min
        var dayStartEquity = options.settings.startingCash
        var lastEquity = options.settings.startingCash
        var processed = 0
        while true {
            var now = Int64.max
            for s in 0..<n where cursor[s] < ends[s] { now = min(now, series[s].times[cursor[s]]) }
            if now == .max { break }
            var activeCount = 0
            for s in 0..<n where cursor[s] < ends[s] && series[s].times[cursor[s]] == now {
                active[activeCount] = s
                activeCount += 1
            }
            let first = active[0]
            let day = Self.localDay(series[first], cursor[first])
            if day != currentDay {
                dayStartEquity = lastEquity
                currentDay = day
            }
            for k in 0..<activeCount {
                let s = active[k], i = cursor[s]
                if pendingCount > 0 && !pending[s].isEmpty { try fillPending(symbol: s, bar: i) }
                portfolio.setMark(s, series[s].close[i])
            }
            let trading = now >= from
            let equity = portfolio.equity
            let cash = portfolio.cash
            for k in 0..<activeCount {
                let s = active[k], i = cursor[s]
                let bars = series[s]
                let fired = core.step(symbol: s, open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i],
                                      volume: bars.volume[i], position: portfolio.qty[s], equity: equity, cash: cash)
                if let rule = fired, trading {
                    try decide(symbol: s, bar: i, rule: rule, dayStartEquity: dayStartEquity)
                }
                cursor[s] = i + 1
            }
            processed += activeCount
            if trading && options.recordCurve {
                curve.times.append(now)
                curve.timeTexts.append(series[first].timeText(cursor[first] - 1))
                curve.equity.append(equity)
                curve.invested.append(portfolio.grossExposure)
            }
            lastEquity = equity
        }
        try expireUnfilled()
        return BacktestResult(strategy: core.strategy.source, policy: core.policy.source, ruleIDs: core.policy.ruleIDs,
                              settings: options.settings, symbols: core.symbols, curve: curve, orders: orders,
                              trades: portfolio.trades, openPositions: portfolio.openPositions, finalCash: portfolio.cash,
                              commissionsPaid: portfolio.commissionsPaid, barsProcessed: processed)
    }

    /// The trading day of bar `i`: the UTC date for daily bars, the exchange's local date otherwise.
    @inline(__always)
    static func localDay(_ bars: BarSeries, _ i: Int) -> Int64 {
        let t = bars.isDaily ? bars.times[i] : bars.times[i] + Int64(bars.utcOffsets[i])
        return t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
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
