import Engine
import Vocabulary

/// The equity and drawdown charts, and the time axis they share with the price charts
/// (`PriceCharts.swift`): the report's period.
extension BacktestReport {
    /// First and last bar time over the strategy and the benchmark.
    var chartPeriod: (start: Int64, end: Int64)? {
        let firsts = [result.curve.times.first, benchmark?.times.first].compactMap { $0 }
        let lasts = [result.curve.times.last, benchmark?.times.last].compactMap { $0 }
        guard let start = firsts.min(), let end = lasts.max() else { return nil }
        return (start, end)
    }

    /// The times the hover read-out shows on every chart: the strategy curve's drawn points
    /// (every bar of a short run; each pixel column's extremes of a long one).
    var hoverTimes: [Int64] {
        let curve = result.curve
        return Downsampler().indices(xs: curve.times, values: Array(curve.equity)).map { curve.times[$0] }
    }

    /// The last bar's time as the data wrote it: what the legends' values belong to.
    var lastBarText: String { period?.last ?? benchmark?.times.last.map { ISOTimestamp.dateText(utc: $0) } ?? "" }

    var isIntraday: Bool { !Self.dailyTimeframes.contains(result.strategy.timeframe) }
    static let dailyTimeframes: Set<String> = ["1Day", "1Week", "1Month"]

    func equityFigure(period: (start: Int64, end: Int64), hover: [Int64]) -> String {
        var chart = LineChart(label: "Equity of \(result.strategy.name) and the benchmark", format: .money,
                              start: period.start, end: period.end, height: 340, intraday: isIntraday)
        chart.hoverTimes = hover
        var legend = [ChartLegend.Item(cssClass: "k-strategy", name: result.strategy.name, value: HTMLText.money(metrics.finalEquity))]
        chart.series.append(.init(name: result.strategy.name, cssClass: "s-strategy", times: result.curve.times, values: Array(result.curve.equity)))
        if let b = benchmark {
            chart.series.append(.init(name: b.symbol, cssClass: "s-benchmark", times: b.times, values: b.equity))
            legend.append(.init(cssClass: "k-benchmark", name: "\(b.symbol) buy & hold", value: HTMLText.money(b.finalEquity)))
        }
        return ChartLegend(items: legend, when: lastBarText).figure(chart.svg())
    }

    func drawdownFigure(period: (start: Int64, end: Int64), hover: [Int64]) -> String {
        var chart = LineChart(label: "Drawdown: percent below the running peak", format: .percent,
                              start: period.start, end: period.end, height: 220, includeZero: true, intraday: isIntraday)
        chart.hoverTimes = hover
        let own = Self.underwater(Array(result.curve.equity))
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

    /// Percent below the running peak at each point (0 at a new high, negative under it).
    static func underwater(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { e in
            peak = max(peak, e)
            return peak > 0 ? (e - peak) / peak * 100 : 0
        }
    }
}
