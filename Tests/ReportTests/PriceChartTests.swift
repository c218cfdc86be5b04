import Foundation
import MarketData
import Testing
@testable import Report
@testable import RuleLanguage
import Vocabulary

/// The price charts: one per symbol, the rules' indicators over price drawn with the
/// engine's values, a marker per fill, on the time axis of the equity and drawdown charts.
@Suite struct PriceChartTests {
    /// `price-pair.yaml` over two random walks, and SPY-like `BENCH`.
    static func pair(bars: Int = 700) throws -> (report: BacktestReport, prices: [BarSeries]) {
        let test = ReportFixtures.randomWalk(symbol: "TEST", count: bars)
        let other = ReportFixtures.randomWalk(symbol: "OTHER", count: bars, seed: 11, volatility: 0.02)
        let bench = ReportFixtures.randomWalk(symbol: "BENCH", count: bars, seed: 7, volatility: 0.01)
        let result = try ReportFixtures.backtest(strategy: "price-pair.yaml", policy: "wide-limits.yaml", series: [test, other])
        return (BacktestReport(result: result, benchmark: bench, from: nil, to: nil), [test, other])
    }

    /// The chart of `symbol`: the SVG after its `<h3>`.
    static func chart(of symbol: String, in page: String) throws -> String {
        let heading = try #require(page.range(of: "<h3>\(symbol)</h3>"))
        return try #require(HTMLInspection.svgFragments(String(page[heading.upperBound...])).first)
    }

    /// A line's hover values by time: the chart's `data-t` against the polyline's `data-v`
    /// (`-`, no value, left out). `cssClass` picks the polyline (`s-ind0`).
    static func line(_ cssClass: String, in svg: String) throws -> [Int64: String] {
        let polyline = try #require(HTMLInspection.fragments(svg, open: "<polyline class=\"line \(cssClass)\"", close: "/>").first)
        let times = attribute("data-t", of: svg).compactMap { Int64($0) }, values = attribute("data-v", of: polyline)
        #expect(!times.isEmpty && times.count == values.count)
        return Dictionary(zip(times, values).filter { $0.1 != "-" }, uniquingKeysWith: { a, _ in a })
    }

    /// The first `name="…"` in `markup`, split at spaces.
    static func attribute(_ name: String, of markup: String) -> [String] {
        let raw = HTMLInspection.fragments(markup, open: " \(name)=\"", close: "\"").first ?? ""
        return raw.dropFirst(name.count + 3).dropLast().split(separator: " ").map(String.init)
    }

    @Test func everySymbolGetsAChartWithTheIndicatorsOverPriceLabelledLikeTheRules() throws {
        let (report, prices) = try Self.pair()
        let page = report.html(priceSeries: prices)
        #expect(HTMLInspection.xmlError(page) == nil, "\(HTMLInspection.xmlError(page) ?? "")")
        #expect(HTMLInspection.svgFragments(page).count == 4, "equity, drawdown, TEST, OTHER")
        for symbol in ["TEST", "OTHER"] {
            let svg = try Self.chart(of: symbol, in: page)
            #expect(svg.contains("aria-label=\"\(symbol) close with ema(close, 5), sma(close, 20), bb_lower((high + low) / 2, 20, 2) and its buy and sell fills\""))
            #expect(HTMLInspection.polylinePointCounts(svg).count == 4, "close and three indicators")
            for style in ["s-price", "s-ind0", "s-ind1", "s-ind2 s-band"] { #expect(svg.contains("<polyline class=\"line \(style)\"")) }
        }
        for name in ["ema(close, 5)", "sma(close, 20)", "bb_lower((high + low) / 2, 20, 2)"] {
            #expect(HTMLInspection.occurrences(of: "</span>\(name) <b data-i=", in: page) == 2, "\(name) in both legends")
        }
        // rsi has its own scale: named, not drawn.
        #expect(page.contains("Not drawn, as it is not on the price scale: <code>rsi(close, 14)</code>"))
        #expect(!page.contains("<polyline class=\"line s-ind3"))
    }

    @Test func onlyIndicatorsOfAPriceAreOnThePriceAxis() throws {
        let strategy = try Linter().strategy(at: ReportFixtures.path("price-pair.yaml"))
        let indicators = PriceIndicators(strategy: strategy)
        #expect(indicators.drawn.map(\.text) == ["ema(close, 5)", "sma(close, 20)", "bb_lower((high + low) / 2, 20, 2)"])
        #expect(indicators.leftOut == ["rsi(close, 14)"])
        #expect(PriceIndicators.priceWeight(.field(.close)) == 1)
        #expect(PriceIndicators.priceWeight(.field(.volume)) == nil)
        #expect(PriceIndicators.priceWeight(.arithmetic(.subtract, .field(.high), .field(.low))) == 0)
        #expect(PriceIndicators.priceWeight(.arithmetic(.multiply, .field(.high), .field(.low))) == nil)
        #expect(PriceIndicators.priceWeight(.account(.equity)) == nil)
    }

    /// Each order records the values its rule saw (`observed`, from the engine's block
    /// loop); the chart's lines hold the same numbers at the decision bars.
    @Test func indicatorLinesHoldTheValuesTheRulesSaw() throws {
        let (report, prices) = try ReportFixtures.standard()
        let series = try #require(prices.first)
        let indicators = PriceIndicators(strategy: report.result.strategy)
        #expect(indicators.drawn.map(\.text) == ["sma(close, 5)", "sma(close, 20)"])
        let columns = indicators.values(over: series)
        let svg = try #require(HTMLInspection.svgFragments(report.html(priceSeries: prices)).last)
        let drawn = try ["s-ind0", "s-ind1"].map { try Self.line($0, in: svg) }
        var compared = 0
        for order in report.orders {
            let bar = try #require(series.times.firstIndex(of: order.intent.time))
            for (k, text) in ["sma(close, 5)", "sma(close, 20)"].enumerated() {
                let seen = try #require(order.observed.first { $0.expression == text })
                #expect(columns[k][bar] == seen.value, "\(text) on \(order.decidedAt)")
                #expect(drawn[k][order.intent.time] == Money.number(seen.value, places: 4), "\(text) on \(order.decidedAt)")
                compared += 1
            }
        }
        #expect(compared > 8)
        // Warm-up: no value before the 20th bar, as the rules have none.
        #expect(columns[1][18].isNaN && columns[1][19].isFinite)
        #expect(drawn[1][series.times[18]] == nil && drawn[1][series.times[19]] != nil)
    }

    @Test func markersAreTheFillsWithOrderRuleAndPrice() throws {
        let (report, prices) = try Self.pair()
        let page = report.html(priceSeries: prices)
        for symbol in ["TEST", "OTHER"] {
            let svg = try Self.chart(of: symbol, in: page)
            let fills = report.orders.filter { $0.status == .filled && $0.intent.symbol == symbol }
            #expect(fills.count > 4)
            let buys = fills.filter { $0.intent.side == .buy }
            #expect(HTMLInspection.occurrences(of: "<path class=\"buy\"", in: svg) == buys.count)
            #expect(HTMLInspection.occurrences(of: "<path class=\"sell\"", in: svg) == fills.count - buys.count)
            for order in fills {
                let title = "\(order.intent.side.verb) \(HTMLText.quantity(order.filledQty)) \(symbol) at \(HTMLText.price(order.fillPrice))"
                    + " on \(order.filledAt!) (rule \(order.intent.ruleId), order \(order.intent.orderId))"
                #expect(svg.contains("<title>\(title)</title>"))
            }
        }
        let marker = LineChart.Marker(kind: .sell, time: 0, value: 1, title: "Sell 3 TEST at $1.00", label: "stop_loss")
        #expect(marker.hoverText == "Sell 3 TEST at $1.00: stop_loss")
    }

    /// One time axis: the same period, plot edges and hover times on every chart, so the
    /// hover script's cursor lands on the same date on each and every legend shows the
    /// values of that very bar (a line's own drawn points are not where the others' are).
    @Test func everyChartSharesTheTimeAxisAndTheHoverTimes() throws {
        let (report, prices) = try Self.pair(bars: 2_500)
        let page = report.html(priceSeries: prices)
        let svgs = HTMLInspection.svgFragments(page)
        let axes = svgs.map { svg in ["data-x0", "data-x1", "data-t0", "data-t1", "data-t"].map { Self.attribute($0, of: svg) } }
        #expect(axes.count == 4)
        #expect(Set(axes).count == 1)
        let period = try #require(report.chartPeriod)
        #expect(axes[0][2] == ["\(period.start)"] && axes[0][3] == ["\(period.end)"])
        let hover = axes[0][4]
        #expect(hover.count > 740 && hover.count <= 1_482, "2,500 bars thinned to the curve's drawn points, at least one a pixel column")
        #expect(hover.map { Int64($0)! } == report.hoverTimes)
        for svg in svgs {
            for polyline in HTMLInspection.fragments(svg, open: "<polyline", close: "/>") {
                #expect(Self.attribute("data-v", of: polyline).count == hover.count)
            }
        }
        // The price chart's close at a hover time is that bar's close.
        let test = try #require(prices.first)
        let closes = try Self.line("s-price", in: try Self.chart(of: "TEST", in: page))
        for t in report.hoverTimes.prefix(40) {
            let bar = try #require(test.times.firstIndex(of: t))
            #expect(closes[t] == Money.number(test.close[bar], places: 4))
        }
        #expect(page.contains("charts.forEach(function (c) { show(c, t); })"))
    }

    /// A million daily bars with thousands of fills: the charts stay small (every line at
    /// most 1,500 points, overlapping marks drawn once, with a note), however long the run.
    @Test func millionBarChartsStayBounded() throws {
        let series = ReportFixtures.randomWalk(symbol: "TEST", count: 1_000_000, volatility: 0.01, drift: 0)
        let result = try ReportFixtures.backtest(strategy: "sma-slow.yaml", policy: "wide-limits.yaml", series: [series])
        let report = BacktestReport(result: result, benchmark: nil, from: nil, to: nil)
        let fills = report.orders.filter { $0.status == .filled }.count
        #expect(fills > LineChart.markerTooltipLimit)
        let page = report.html(priceSeries: [series])
        let svgs = HTMLInspection.svgFragments(page)
        #expect(svgs.count == 3)
        for svg in svgs { #expect(HTMLInspection.polylinePointCounts(svg).allSatisfy { $0 <= 1_500 }) }
        let price = try #require(svgs.last)
        #expect(HTMLInspection.polylinePointCounts(price).count == 3, "close, sma(close, 50), sma(close, 200)")
        #expect(price.utf8.count < 200_000, "price chart is \(price.utf8.count) bytes")
        #expect(svgs.reduce(0) { $0 + $1.utf8.count } < 400_000)
        #expect(page.contains("\(Money.grouped(Int64(fills))) fills: more than 600, so marks that would overlap are drawn once"))
        #expect(HTMLInspection.occurrences(of: "<path class=\"buy dense\"", in: price) == 1)
        #expect(HTMLInspection.occurrences(of: "<title>", in: price) == 1, "the chart's own title, none per mark")
        #expect(HTMLInspection.xmlError(price) == nil)
    }

    @Test func samePairGivesTheSameBytes() throws {
        let first = try Self.pair(), second = try Self.pair()
        #expect(first.report.html(priceSeries: first.prices) == second.report.html(priceSeries: second.prices))
    }
}
