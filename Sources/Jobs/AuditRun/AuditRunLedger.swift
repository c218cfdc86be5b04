import Audit
import Engine
import MarketData
import Vocabulary

/// Cash, positions and equity of a recorded run, bar by bar: the holdings it started from
/// (its first reconciliation with the broker) plus every fill in its audit log, marked at each
/// bar's close from the bars of the data it traded. The portfolio is the backtest's, so round
/// trips and open positions are counted as a backtest counts its own.
///
/// A fill counts from the bar during which the log recorded it (for daily bars, its New York
/// trading date): the run's market orders fill at that bar's open.
struct AuditRunLedger {
    struct Start {
        var cash: Double
        /// Shares held at the start, by symbol, in symbol order.
        var positions: [(symbol: String, qty: Double)]
    }

    let curve: EquityCurve
    let trades: [Trade]
    let openPositions: [OpenPosition]
    let startingEquity: Double
    let finalCash: Double
    let commissions: Double
    /// The bar each order's first fill landed on (time and UTC offset), by order id.
    let fillBars: [String: (time: Int64, offset: Int32?)]

    /// - Parameters:
    ///   - series: bars of every symbol the run held or traded (each symbol once).
    ///   - rules: the index in `ruleIDs` (the strategy's rules) of the rule whose decision made
    ///     each order, by order id: a trade's `exit_reason` is the rule that closed it.
    ///   - from, to: the run's span (seconds since 1970 UTC): bars that closed in it are the curve.
    init(series: [BarSeries], start: Start, fills: [(record: FillRecord, stamp: AuditRunRecords.Stamp)],
         rules: [String: Int], ruleIDs: [String], from: Int64, to: Int64, dataPath: String) throws {
        let timeline = Set(series.flatMap { s in
            let length = s.barLength
            return s.times.filter { t in
                let end = Self.end(of: t, daily: s.isDaily, length: length)
                return end > from && end <= to
            }
        }).sorted()
        guard let firstTime = timeline.first else {
            let span = "\(ISOTimestamp.utcText(from)) to \(ISOTimestamp.utcText(to))"
            let covered = series.filter { $0.count > 0 }.map { "\($0.symbol) \($0.timeText(0)) to \($0.timeText($0.count - 1))" }
            throw AuditReportError(message: "no bar in \(dataPath) closed while the run traded (\(span))"
                + (covered.isEmpty ? "" : "; the data covers " + covered.joined(separator: ", "))
                + ". Give the bars the run traded with --data (a CSV file, a folder of SYMBOL.csv files or state/bars.sqlite)")
        }
        let index = Dictionary(series.enumerated().map { ($1.symbol, $0) }, uniquingKeysWith: { a, _ in a })
        var cursor = [Int](repeating: -1, count: series.count)
        func advance(to t: Int64) {
            for s in series.indices {
                while cursor[s] + 1 < series[s].count && series[s].times[cursor[s] + 1] <= t { cursor[s] += 1 }
            }
        }
        advance(to: firstTime)
        // Holdings at the start count as bought at the first bar's close, so equity starts
        // at what the account was worth then.
        var seed: [(s: Int, qty: Double, price: Double)] = []
        for held in start.positions where held.qty != 0 {
            guard let s = index[held.symbol], cursor[s] >= 0 else {
                throw AuditReportError(message: "the run started holding \(Money.quantity(held.qty)) \(held.symbol), but \(dataPath) has no "
                    + "\(held.symbol) bar at or before \(ISOTimestamp.utcText(firstTime)) to value it; give its bars with --data")
            }
            seed.append((s, held.qty, series[s].close[cursor[s]]))
        }
        startingEquity = seed.reduce(start.cash) { $0 + $1.qty * $1.price }
        let portfolio = Portfolio(series: series, cash: startingEquity)
        for (s, qty, price) in seed {
            portfolio.setMark(s, price)
            portfolio.recordFill(symbol: s, side: .buy, qty: qty, price: price, commission: 0, bar: cursor[s], rule: nil)
        }
        // Each fill's place on the timeline: the last bar that began at or before it.
        var fillsAt = [[Int]](repeating: [], count: timeline.count)
        for (n, fill) in fills.enumerated() {
            guard let s = index[fill.record.symbol] else { continue }
            let key = series[s].isDaily ? NewYorkTime.localDate(utc: fill.stamp.seconds) * CivilDate.secondsPerDay : fill.stamp.seconds
            let at = timeline.lastIndex { $0 <= key } ?? 0
            fillsAt[at].append(n)
        }
        var times: [Int64] = [], texts: [String] = [], equity: [Double] = [], invested: [Double] = []
        var placed: [String: (time: Int64, offset: Int32?)] = [:]
        for (i, t) in timeline.enumerated() {
            advance(to: t)
            var text: String?
            for s in series.indices where cursor[s] >= 0 {
                portfolio.setMark(s, series[s].close[cursor[s]])
                if text == nil && series[s].times[cursor[s]] == t { text = series[s].timeText(cursor[s]) }
            }
            for n in fillsAt[i] {
                let f = fills[n].record
                guard let s = index[f.symbol] else { continue }
                let bar = max(cursor[s], 0)
                portfolio.recordFill(symbol: s, side: f.side, qty: f.qty, price: f.price, commission: f.commission, bar: bar,
                                      rule: rules[f.orderId])
                if placed[f.orderId] == nil {
                    let offset: Int32? = series[s].isDaily ? nil : series[s].utcOffsets[bar]
                    placed[f.orderId] = (time: series[s].times[bar], offset: offset)
                }
            }
            times.append(t)
            texts.append(text ?? ISOTimestamp.utcText(t))
            equity.append(portfolio.equity)
            invested.append(portfolio.grossExposure)
        }
        curve = EquityCurve(times: times, texts: texts, equity: equity, invested: invested)
        trades = portfolio.trades(ruleIDs: ruleIDs)
        openPositions = portfolio.openPositions
        finalCash = portfolio.cash
        commissions = portfolio.commissionsPaid
        fillBars = placed
    }

    /// When a bar is complete: 16:00 New York on its date for daily bars; for intraday bars,
    /// its start plus the series' bar length (the shortest step between two of its bars).
    static func end(of time: Int64, daily: Bool, length: Int64) -> Int64 {
        daily ? NewYorkTime.sessionClose(localDate: CivilDate.day(containing: time)) : time + length
    }
}

extension BarSeries {
    /// The shortest step between two consecutive bars (a minute when there are fewer than two).
    var barLength: Int64 {
        var step = Int64.max
        for i in times.indices.dropFirst() where times[i] > times[i - 1] { step = min(step, times[i] - times[i - 1]) }
        return step == .max ? 60 : step
    }
}
