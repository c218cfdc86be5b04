import Foundation
import Engine
import MarketData
import Testing
@testable import Report

/// The real example: `strategies/sma.yaml` and `rules/limits.yaml` on SPY 1998–2021, from
/// the bundled data (or the shared data folder next to the repository), as the policy
/// decides and with `--approve-all`. Set `ALGOBOT_HTML_EXAMPLE=/path/report.html` to keep
/// the `--approve-all` page (docs/img/backtest-report.png is a screenshot of it).
@Suite struct HTMLExampleTests {
    static let spy = [
        ReportFixtures.repository.appendingPathComponent("data/daily/SPY.csv").path,
        ReportFixtures.repository.deletingLastPathComponent().appendingPathComponent("shared/data/daily/SPY.csv").path,
    ].first { FileManager.default.fileExists(atPath: $0) }

    @Test(.enabled(if: HTMLExampleTests.spy != nil, "no SPY.csv found")) func spyExampleIsWellFormedAndSmall() throws {
        let path = try #require(Self.spy)
        let series = try #require(try BarLoader.load(path: path).series.first)
        let root = ReportFixtures.repository
        for approveAll in [false, true] {
            let result = try ReportFixtures.backtest(strategy: root.appendingPathComponent("strategies/sma.yaml").path,
                                                     policy: root.appendingPathComponent("rules/limits.yaml").path, series: [series],
                                                     settings: ExecutionSettings(approveAll: approveAll))
            let report = BacktestReport(result: result, benchmark: series, from: nil, to: nil)
            let page = report.html(priceSeries: [series])
            #expect(result.curve.count == 5_849)
            #expect(page.utf8.count < 500_000, "\(page.utf8.count) bytes")
            #expect(HTMLInspection.xmlError(page) == nil)
            let svgs = HTMLInspection.svgFragments(page)
            #expect(svgs.count == 3)
            for svg in svgs {
                #expect(HTMLInspection.polylinePointCounts(svg).allSatisfy { $0 <= 1_500 })
            }
            if approveAll, let out = ProcessInfo.processInfo.environment["ALGOBOT_HTML_EXAMPLE"] {
                try page.write(toFile: out, atomically: true, encoding: .utf8)
            }
        }
    }
}
