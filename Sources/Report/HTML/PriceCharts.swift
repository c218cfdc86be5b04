import Engine
import MarketData
import RuleLanguage
import Vocabulary

/// The price section: one chart per symbol of the strategy, its close with the indicators
/// the rules compute over price (`PriceIndicators`) and a ▲/▼ at each fill. It shares the
/// equity and drawdown charts' time axis, so the hover cursor moves over all of them.
extension BacktestReport {
    /// One chart per strategy symbol that has a series in `priceSeries`, in the strategy's
    /// symbol order; symbols without one are named in a note instead.
    func priceFigures(period: (start: Int64, end: Int64), hover: [Int64], priceSeries: [BarSeries]) -> String {
        // Only the filled orders are built (each order is built when read).
        let filled = orders.indices.filter { orders.gist($0).status == .filled }.map { orders[$0] }
        let indicators = PriceIndicators(strategy: result.strategy)
        var out = filled.isEmpty ? "<p class=\"note\">No order was filled, so there are no trades to mark.</p>" : ""
        if !indicators.leftOut.isEmpty {
            let names = indicators.leftOut.map { "<code>\(HTMLText.escape($0))</code>" }.joined(separator: ", ")
            out += "<p class=\"note\">Not drawn, as \(indicators.leftOut.count == 1 ? "it is" : "they are") not on the price scale: "
                + "\(names) (<code>algobot eval</code> lists \(indicators.leftOut.count == 1 ? "its" : "their") values bar by bar).</p>"
        }
        var missing: [String] = []
        for symbol in result.symbols {
            guard let series = priceSeries.first(where: { $0.symbol == symbol }) else { missing.append(symbol); continue }
            out += priceFigure(series, indicators: indicators, fills: filled.filter { $0.intent.symbol == symbol },
                               period: period, hover: hover)
        }
        if !missing.isEmpty {
            out += "<p class=\"note\">No price series was given for \(HTMLText.escape(missing.joined(separator: ", "))).</p>"
        }
        return out
    }

    private func priceFigure(_ series: BarSeries, indicators: PriceIndicators, fills: [OrderReport],
                             period: (start: Int64, end: Int64), hover: [Int64]) -> String {
        let symbol = series.symbol
        let lower = series.times.boundary { $0 >= period.start }
        let upper = series.times.boundary { $0 > period.end }
        let times = Array(series.times[lower..<upper])
        let lines = indicators.drawn.map(\.text).joined(separator: ", ")
        var chart = LineChart(label: "\(symbol) close\(lines.isEmpty ? "" : " with " + lines) and its buy and sell fills", format: .price,
                              start: period.start, end: period.end, height: 300, intraday: !series.isDaily)
        chart.hoverTimes = hover
        chart.series.append(.init(name: symbol, cssClass: "s-price", times: times, values: Array(series.close[lower..<upper])))
        var legend: [ChartLegend.Item] = [
            .init(cssClass: "k-price", name: "\(symbol) close", value: HTMLText.price(upper > lower ? series.close[upper - 1] : nil)),
        ]
        for (k, (line, values)) in zip(indicators.drawn, indicators.values(over: series)).enumerated() {
            let style = Self.indicatorStyle(k, line)
            chart.series.append(.init(name: line.text, cssClass: style.line, times: times, values: Array(values[lower..<upper])))
            legend.append(.init(cssClass: style.key, name: line.text, value: HTMLText.price(upper > lower ? values[upper - 1] : nil)))
        }
        chart.markers = fills.compactMap(marker)
        legend += [.init(cssClass: "k-buy", name: "buy fill", value: "", glyph: "▲"),
                   .init(cssClass: "k-sell", name: "sell fill", value: "", glyph: "▼")]
        var out = "<h3>\(HTMLText.escape(symbol))</h3>" + ChartLegend(items: legend, when: lastBarText).figure(chart.svg())
        if chart.markers.count > LineChart.markerTooltipLimit {
            out += "<p class=\"note\">\(Money.grouped(Int64(chart.markers.count))) fills: more than "
                + "\(LineChart.markerTooltipLimit), so marks that would overlap are drawn once and without their details; "
                + "the Orders table lists every one.</p>"
        }
        return out
    }

    /// CSS classes of the line and its legend key: a colour by the line's place (`s-ind0`…
    /// `s-ind5`, in the page's CSS), dashed for a band.
    static func indicatorStyle(_ index: Int, _ line: TypedExpr) -> (line: String, key: String) {
        let colour = "ind\(index % 6)"
        if case .band = line { return ("s-\(colour) s-band", "k-\(colour) k-band") }
        return ("s-\(colour)", "k-\(colour)")
    }

    /// A fill as a marker at the fill bar's time and the fill price; its hover text names
    /// the order (`algobot explain --order` takes the id), the rule and the price.
    private func marker(_ order: OrderReport) -> LineChart.Marker? {
        guard let price = order.fillPrice, let time = order.filledTime else { return nil }
        let intent = order.intent
        let title = "\(intent.side.verb) \(HTMLText.quantity(order.filledQty)) \(intent.symbol) at \(HTMLText.price(price))"
            + " on \(order.filledAt ?? "") (rule \(intent.ruleId), order \(intent.orderId))"
        // `label` is for the exit reason (stop_loss, take_profit, ...) once orders carry one.
        return .init(kind: intent.side, time: time, value: price, title: title, label: nil)
    }
}

extension Array where Element == Int64 {
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
