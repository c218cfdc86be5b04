import Engine
import Report
import Testing

/// The benchmark is bought and held over the backtest's own period (its first to its last
/// bar), so the two returns in the report compare the same days.
@Suite struct BenchmarkPeriodTests {
    @Test func benchmarkStartsWhenTheStrategysDataStarts() throws {
        // QQQ's history starts on 2011-03-23, SPY's in 1998: buy & hold SPY from 2011-03-23.
        let c = ReferenceCase(name: "QQQ from the data folder", strategy: "Tests/Fixtures/reference/qqq-ema.yaml")
        let report = try ReferenceHarness.engine(c).report
        let benchmark = try #require(report.benchmark)
        #expect(report.period?.first == "2011-03-23")
        #expect(benchmark.times.first == report.result.curve.times.first)
        #expect(benchmark.times.last == report.result.curve.times.last)
        #expect(benchmark.entryPrice == 128.96)  // SPY's open on 2011-03-23
    }

    @Test func benchmarkCoversExactlyTheBacktestDays() throws {
        // XYZ trades 2024-01-04 … 2024-01-09; SPY has bars from 01-02 to 01-11.
        // Buy & hold: floor(10,000 / 402) = 24 shares at SPY's 01-04 open, 352 left;
        // last close inside the period 407: 352 + 24 × 407 = 10,120.
        let c = ReferenceCase(name: "short XYZ in a longer SPY", strategy: "Tests/Fixtures/reference/xyz-up.yaml",
                              data: "Tests/Fixtures/reference/short")
        let report = try ReferenceHarness.engine(c).report
        let b = try #require(report.benchmark)
        #expect(b.times == report.result.curve.times)
        #expect(b.shares == 24 && b.entryPrice == 402 && b.cashLeft == 352)
        #expect(b.finalEquity == 10_120)
    }
}
