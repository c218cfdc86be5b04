import Engine
import MarketData
import Vocabulary

/// The three chart sections: equity against the benchmark, drawdowns, and each traded
/// symbol's close with its fills. All share one time axis (the report's period).
extension BacktestReport {
    /// First and last bar time over the strategy and the benchmark.
    var chartPeriod: (start: Int64, end: Int64)? {
        let firsts = [result.curve.times.first, benchmark?.times.first].compactMap { $0 }
        let lasts = [result.curve.times.last, benchmark?.times.last].compactMap { $0 }
        guard let start = firsts.min(), let end = lasts.max() else { return nil }
        return (start, end)
    }

    /// The last bar's time as the data wrote it: what the legends' values belong to.
    var lastBarText: String { period?.last ?? benchmark?.times.last.map { ISOTimestamp.dateText(utc: $0) } ?? "" }

    var isIntraday: Bool { !Self.dailyTimeframes.contains(result.strategy.timeframe) }
    static let dailyTimeframes: Set<String> = ["1Day", "1Week", "1Month"]

    func equityFigure(period: (start: Int64, end: Int64)) -> String {
        var chart = LineChart(label: "Equity of \(result.strategy.name) and the benchmark", format: .money,
                              start: period.start, end: period.end, height: 340, intraday: isIntraday)
        var legend = [ChartLegend.Item(cssClass: "k-strategy", name: result.strategy.name, value: HTMLText.money(metrics.finalEquity))]
        chart.series.append(.init(name: result.strategy.name, cssClass: "s-strategy", times: result.curve.times, values: result.curve.equity))
        if let b = benchmark {
            chart.series.append(.init(name: b.symbol, cssClass: "s-benchmark", times: b.times, values: b.equity))
            legend.append(.init(cssClass: "k-benchmark", name: "\(b.symbol) buy & hold", value: HTMLText.money(b.finalEquity)))
        }
        return ChartLegend(items: legend, when: lastBarText).figure(chart.svg())
    }

    func drawdownFigure(period: (start: Int64, end: Int64)) -> String {
        var chart = LineChart(label: "Drawdown: percent below the running peak", format: .percent,
                              start: period.start, end: period.end, height: 220, includeZero: true, intraday: isIntraday)
        let own = Self.underwater(result.curve.equity)
        chart.series.append(.init(name: result.strategy.name, cssClass: "s-strategy", times: result.curve.times, values: own, area: true))
        // The names carry the worst drawdown; the values are the last bar's (the hover script
        // swaps in the one under the pointer).
        var legend = [ChartLegend.Item(cssClass: "k-strategy k-area", name: "\(result.strategy.name) (worst \(HTMLText.percent(own.min())))",
                                       value: HTMLText.percent(own.last))]
        if let b = benchmark {
            let theirs = Self.underwater(b.equity)
            chart.series.append(.init(name: b.symbol, cssClass: "s-benchmark", times: b.times, values: theirs))
            legend.append(.init(cssClass: "k-benchmark", name: "\(b.symbol) buy & hold (worst \(HTMLText.percent(theirs.min())))",
                                value: HTMLText.percent(theirs.last)))
        }
        return ChartLegend(items: legend, when: lastBarText).figure(chart.svg())
    }

    /// One chart per symbol with at least one fill, in the strategy's symbol order. Symbols
    /// without a series in `priceSeries` are named in a note instead.
    func priceFigures(period: (start: Int64, end: Int64), priceSeries: [BarSeries]) -> String {
        let filled = orders.filter { $0.status == .filled }
        let traded = result.symbols.filter { symbol in filled.contains { $0.intent.symbol == symbol } }
        guard !traded.isEmpty else { return "<p class=\"note\">No order was filled, so there are no trades to mark.</p>" }
        var out = "", missing: [String] = []
        for symbol in traded {
            guard let series = priceSeries.first(where: { $0.symbol == symbol }) else { missing.append(symbol); continue }
            let lower = series.times.boundary { $0 >= period.start }
            let upper = series.times.boundary { $0 > period.end }
            var chart = LineChart(label: "\(symbol) close with buy and sell fills", format: .price,
                                  start: period.start, end: period.end, height: 260, intraday: !series.isDaily)
            chart.series.append(.init(name: symbol, cssClass: "s-price", times: Array(series.times[lower..<upper]),
                                      values: Array(series.close[lower..<upper])))
            chart.markers = filled.filter { $0.intent.symbol == symbol }.compactMap(marker)
            let legend = ChartLegend(items: [
                .init(cssClass: "k-price", name: "\(symbol) close", value: HTMLText.price(upper > lower ? series.close[upper - 1] : nil)),
                .init(cssClass: "k-buy", name: "buy fill", value: "", glyph: "▲"),
                .init(cssClass: "k-sell", name: "sell fill", value: "", glyph: "▼"),
            ], when: lastBarText)
            out += "<h3>\(HTMLText.escape(symbol))</h3>" + legend.figure(chart.svg())
        }
        if !missing.isEmpty {
            out += "<p class=\"note\">No price series was given for \(HTMLText.escape(missing.joined(separator: ", "))).</p>"
        }
        return out
    }

    /// A fill as a marker: at the fill bar's time and the fill price.
    private func marker(_ order: OrderReport) -> LineChart.Marker? {
        guard let price = order.fillPrice, let time = order.filledTime else { return nil }
        let title = "\(order.intent.side.verb) \(HTMLText.quantity(order.filledQty)) \(order.intent.symbol) at \(HTMLText.price(price))"
            + " on \(order.filledAt ?? "") (rule \(order.intent.ruleId))"
        return .init(kind: order.intent.side, time: time, value: price, title: title)
    }

    /// Percent below the running peak at each point (0 at a new high, negative under it).
    static func underwater(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { e in
            peak = max(peak, e)
            return peak > 0 ? (e - peak) / peak * 100 : 0
        }
    }
}

private extension Array where Element == Int64 {
    /// First index whose element satisfies `predicate` (which must be monotone: false…true).
    func boundary(where predicate: (Int64) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
