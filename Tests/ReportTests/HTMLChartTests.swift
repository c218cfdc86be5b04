import Foundation
import MarketData
import Testing
@testable import Report
import Vocabulary

/// Downsampling, axes and the charts drawn from them.
@Suite struct HTMLChartTests {
    @Test func downsamplingKeepsEndsAndEveryColumnsExtremes() {
        let count = 100_000
        let xs = (0..<count).map { Int64($0) * 60 }
        var values = (0..<count).map { sin(Double($0) / 900) * 100 + Double($0 % 37) }
        values[31_337] = 10_000
        values[77_777] = -10_000
        let sampler = Downsampler(columns: 740)
        let kept = sampler.indices(xs: xs, values: values)
        #expect(kept.first == 0)
        #expect(kept.last == count - 1)
        #expect(kept.count <= 2 * 740 + 2)
        #expect(kept == kept.sorted() && Set(kept).count == kept.count)
        #expect(kept.contains(31_337) && kept.contains(77_777))
        // In every pixel column the lowest and the highest point survive.
        let span = Double(xs[count - 1] - xs[0])
        var byColumn: [Int: [Int]] = [:]
        for i in 0..<count { byColumn[min(739, Int(Double(xs[i] - xs[0]) / span * 740)), default: []].append(i) }
        let keptSet = Set(kept)
        for (_, members) in byColumn {
            let low = members.min { values[$0] < values[$1] }!, high = members.max { values[$0] < values[$1] }!
            #expect(keptSet.contains { values[$0] == values[low] && members.contains($0) })
            #expect(keptSet.contains { values[$0] == values[high] && members.contains($0) })
        }
    }

    @Test func shortSeriesAreDrawnWhole() {
        let xs: [Int64] = [1, 2, 3, 4, 5]
        #expect(Downsampler().indices(xs: xs, values: [5, 4, 3, 2, 1]) == [0, 1, 2, 3, 4])
        #expect(Downsampler().indices(xs: [], values: []) == [])
    }

    @Test func valueTicksAreRoundNumbersCoveringTheData() {
        let ticks = AxisTicks.values(low: 7_312, high: 34_950, target: 6)
        #expect(ticks.step == 5_000)
        #expect(ticks.lower == 5_000 && ticks.upper == 35_000)
        #expect(ticks.ticks == [5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000])
        let drawdown = AxisTicks.values(low: -55.2, high: 0, target: 4)
        #expect(drawdown.step == 20 && drawdown.lower == -60 && drawdown.upper == 0)
        let flat = AxisTicks.values(low: 10_000, high: 10_000)
        #expect(flat.lower < 10_000 && flat.upper > 10_000)
        #expect(AxisTicks.moneyLabel(25_000, step: 5_000) == "$25k")
        #expect(AxisTicks.moneyLabel(1_500_000, step: 250_000) == "$1.5M")
        #expect(AxisTicks.moneyLabel(950, step: 50) == "$950")
        #expect(AxisTicks.moneyLabel(0, step: 10_000) == "$0")
        #expect(AxisTicks.percentLabel(-20) == "-20%")
        #expect(AxisTicks.percentLabel(0) == "0%")
    }

    @Test func timeTicksUseYearsMonthsOrDays() {
        let day: Int64 = 86_400
        let spy = AxisTicks.times(start: CivilDate.days(year: 1998, month: 1, day: 2) * day,
                                  end: CivilDate.days(year: 2021, month: 4, day: 9) * day)
        #expect(spy.map(\.label) == ["2000", "2005", "2010", "2015", "2020"])
        let months = AxisTicks.times(start: CivilDate.days(year: 2020, month: 1, day: 15) * day,
                                     end: CivilDate.days(year: 2020, month: 7, day: 1) * day)
        #expect(months.map(\.label) == ["Feb 2020", "Mar 2020", "Apr 2020", "May 2020", "Jun 2020", "Jul 2020"])
        let days = AxisTicks.times(start: CivilDate.days(year: 2020, month: 3, day: 2) * day,
                                   end: CivilDate.days(year: 2020, month: 3, day: 6) * day)
        #expect(days.map(\.label) == ["Mar 3", "Mar 4", "Mar 5", "Mar 6"])
    }

    @Test func longHistoryStaysSmallAndDrawsFewPoints() throws {
        let series = ReportFixtures.randomWalk(symbol: "TEST", count: 100_000, volatility: 0.01, drift: 0)
        let bench = ReportFixtures.randomWalk(symbol: "BENCH", count: 100_000, seed: 9, volatility: 0.01, drift: 0)
        let result = try ReportFixtures.backtest(strategy: "sma-slow.yaml", policy: "wide-limits.yaml", series: [series])
        #expect(result.trades.count > 50)
        let report = BacktestReport(result: result, benchmark: bench, from: nil, to: nil)
        let page = report.html(priceSeries: [series])
        #expect(page.utf8.count < 2_000_000, "page is \(page.utf8.count) bytes")
        let svgs = HTMLInspection.svgFragments(page)
        #expect(svgs.count == 3)
        for svg in svgs {
            #expect(HTMLInspection.xmlError(svg) == nil)
            for points in HTMLInspection.polylinePointCounts(svg) { #expect(points > 100 && points <= 1_500) }
        }
    }

    @Test func everyFillGetsAMarkerAtItsPrice() throws {
        let (report, prices) = try ReportFixtures.standard()
        let page = report.html(priceSeries: prices)
        let filled = report.result.orders.filter { $0.status == .filled }
        #expect(filled.count > 4)
        let priceChart = try #require(HTMLInspection.svgFragments(page).last)
        let buys = filled.filter { $0.intent.side == .buy }.count
        #expect(HTMLInspection.occurrences(of: "<path class=\"buy\"", in: priceChart) == buys)
        #expect(HTMLInspection.occurrences(of: "<path class=\"sell\"", in: priceChart) == filled.count - buys)
        let first = try #require(filled.first)
        let title = "Buy \(HTMLText.quantity(first.filledQty)) TEST at \(HTMLText.price(first.fillPrice)) on \(first.filledAt!)"
            + " (rule enter-long, order \(first.intent.orderId))"
        #expect(priceChart.contains("<title>\(title)</title>"))
    }

    @Test func underwaterIsPercentBelowTheRunningPeak() {
        #expect(BacktestReport.underwater([100, 120, 90, 130, 117]) == [0, 0, -25, 0, -10])
    }
}
