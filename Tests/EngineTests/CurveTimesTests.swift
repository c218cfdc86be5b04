import Foundation
import MarketData
import Testing
@testable import Engine
import Vocabulary

/// The equity curve keeps its times as numbers (seconds and the bars' UTC offsets) and writes
/// a point's time only when asked: the text is the bar's own, in every loop.
@Suite struct CurveTimesTests {
    typealias S = EngineScenario

    /// Six-hourly bars from 2024-03-08 14:00 New York time, across the switch to daylight
    /// saving time (offset −05:00, then −04:00) and the end of March.
    static func intraday(_ symbol: String = "XYZ", count: Int = 140) -> BarSeries {
        var s = BarSeries(symbol: symbol)
        let start = Int64(CivilDate.days(year: 2024, month: 3, day: 8)) * 86_400 + 19 * 3600
        let switchover = Int64(CivilDate.days(year: 2024, month: 3, day: 10)) * 86_400 + 7 * 3600
        for i in 0..<count {
            let t = start + Int64(i) * 6 * 3600
            let close = 100 + 10 * ((Double(i) * 0.37).truncatingRemainder(dividingBy: 2) - 1)
            s.times.append(t)
            s.utcOffsets.append(t < switchover ? -5 * 3600 : -4 * 3600)
            s.open.append(close - 0.5)
            s.high.append(close + 1)
            s.low.append(close - 1)
            s.close.append(close)
            s.volume.append(1_000)
        }
        return s
    }

    static let strategy = S.strategyText("""
      - id: in
        when: crosses_above(sma(close, 2), sma(close, 5))
        action: buy
        size: { percent_of_equity: 100 }
      - id: out
        when: crosses_below(sma(close, 2), sma(close, 5))
        action: sell_all
    """)

    /// Each point's text is what the bar of the same time says of itself.
    func expectBarTexts(_ curve: EquityCurve, _ bars: BarSeries, _ what: String) {
        #expect(curve.count > 0 && curve.timeTexts.count == curve.count, "\(what)")
        for (i, text) in curve.timeTexts.enumerated() {
            let bar = bars.times.firstIndex(of: curve.times[i])
            #expect(bar.map(bars.timeText) == text, "\(what): point \(i)")
        }
    }

    @Test(arguments: [false, true])
    func intradayPointsKeepTheirBarsOffsets(generalLoop: Bool) throws {
        let bars = Self.intraday()
        let result = try S.run(Self.strategy, series: [bars], generalLoop: generalLoop)
        expectBarTexts(result.curve, bars, generalLoop ? "general loop" : "block loop")
        #expect(result.curve.timeTexts.first == "2024-03-08T14:00:00-05:00")
        #expect(result.curve.timeTexts.contains("2024-03-10T15:00:00-04:00"))  // 19:00Z, after the 07:00Z switch
        #expect(result.curve.utcOffsets.count == result.curve.count)
    }

    /// A one-symbol run over all its bars has a point per bar: its times are the series'
    /// own arrays, not a copy (a million-bar run would hold 12 MB more).
    @Test func aWholeRunSharesItsBarsTimes() throws {
        let bars = Self.intraday()
        let result = try S.run(Self.strategy, series: [bars])
        #expect(result.curve.times == bars.times && result.curve.utcOffsets == bars.utcOffsets)
        let shared = result.curve.times.withUnsafeBufferPointer { a in bars.times.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress } }
        let sharedOffsets = result.curve.utcOffsets.withUnsafeBufferPointer { a in
            bars.utcOffsets.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress }
        }
        #expect(shared && sharedOffsets)
    }

    @Test func dailyPointsAreDates() throws {
        let bars = S.closes("XYZ", (0..<60).map { 100 + Double($0 % 7) })
        let result = try S.run(Self.strategy, series: [bars], from: (S.firstDay + 10) * 86_400)
        expectBarTexts(result.curve, bars, "daily")
        #expect(result.curve.timeTexts.first == S.day(10))
        #expect(result.curve.utcOffsets.isEmpty)
    }

    @Test func severalSymbolsTakeTheFirstSymbolsBar() throws {
        let a = Self.intraday("AAA"), b = Self.intraday("BBB", count: 90)
        let text = Self.strategy.replacingOccurrences(of: "[XYZ]", with: "[BBB, AAA]")
        let result = try S.run(text, series: [a, b])
        expectBarTexts(result.curve, a, "two symbols")
    }

    @Test func aRecordedRunsTextsAreKeptAsGiven() {
        let curve = EquityCurve(times: [0, 60], texts: ["1970-01-01T00:00:00Z", "1970-01-01T00:01:00Z"], equity: [1, 2], invested: [0, 0])
        #expect(Array(curve.timeTexts) == ["1970-01-01T00:00:00Z", "1970-01-01T00:01:00Z"])
        #expect(curve.day(0) == nil)
    }
}
