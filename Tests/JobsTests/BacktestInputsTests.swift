import Engine
import Foundation
import Report
@testable import Jobs
import Testing

/// The inputs a backtest and a sweep share are one definition: the same defaults, the same
/// checks of the span, and each job's options reach them by name.
@Suite struct BacktestInputsTests {
    @Test func backtestAndSweepOptionsShareOneSetOfInputs() {
        var backtest = BacktestJob.Options()
        var sweep = SweepJob.Options()
        #expect(backtest.strategyPath == DefaultPaths.strategy && sweep.strategyPath == DefaultPaths.strategy)
        #expect(backtest.policyPath == DefaultPaths.policy && sweep.dataPath == DefaultPaths.data)
        backtest.from = "2020-01-02"
        backtest.settings = ExecutionSettings(startingCash: 25_000, slippageBps: 2)
        sweep.inputs = backtest.inputs
        #expect(sweep.from == "2020-01-02")
        #expect(sweep.settings == backtest.settings)
    }

    @Test func theSpanIsCheckedOnceForEveryJob() throws {
        var inputs = BacktestInputs()
        inputs.from = "2020-01-02"
        inputs.to = "2020-01-02"
        let span = try inputs.span()
        // 2020-01-02 00:00:00 UTC to 23:59:59 UTC.
        #expect(span.from == Int64(1_577_923_200))
        #expect(span.to == Int64(1_578_009_599))
        inputs.to = "2019-12-31"
        #expect(throws: BacktestJobError.self) { try inputs.span() }
        inputs.from = "2020-13-01"
        let error = try #require(throws: BacktestJobError.self) { try inputs.span() }
        #expect(error.message == "--from 2020-13-01: expected a date like 2020-01-31")

        var sweep = SweepJob.Options()
        sweep.params = [.init(name: "fast", values: [5])]
        sweep.strategyPath = JobsFixtures.repository.appendingPathComponent(DefaultPaths.strategy).path
        sweep.policyPath = JobsFixtures.repository.appendingPathComponent(DefaultPaths.policy).path
        sweep.from = "2021-01-01"
        sweep.to = "2020-01-01"
        let after = try #require(throws: BacktestJobError.self) { try SweepJob(options: sweep).run() }
        #expect(after.message == "--from 2021-01-01 is after --to 2020-01-01")
    }

    /// A backtest holds its bars without volume, high and low when its strategy reads none;
    /// with a rule over volume the column is there, and with exits the highs and lows.
    @Test func aBacktestLoadsOnlyTheFieldsItsStrategyReads() throws {
        var options = BacktestJob.Options()
        options.policyPath = JobsFixtures.repository.appendingPathComponent("rules/research.yaml").path
        options.dataPath = JobsFixtures.repository.appendingPathComponent(DefaultPaths.data).path
        options.strategyPath = JobsFixtures.repository.appendingPathComponent(DefaultPaths.strategy).path
        let plain = try BacktestJob(options: options).run()
        #expect(plain.series[0].volume.isEmpty && plain.series[0].high.isEmpty && plain.series[0].low.isEmpty)
        #expect(plain.series[0].count > 5_000 && plain.report.orders.count > 10)
        options.strategyPath = JobsFixtures.repository.appendingPathComponent("strategies/sma-stop.yaml").path
        let stops = try BacktestJob(options: options).run()
        #expect(stops.series[0].volume.isEmpty && stops.series[0].high.count == stops.series[0].count
                && stops.series[0].low.count == stops.series[0].count)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("algobot-volume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let strategy = folder.appendingPathComponent("volume.yaml")
        try """
            strategy: volume-rule
            symbols: [SPY]
            rules:
              - id: busy
                when: position == 0 and volume > sma(volume, 20)
                action: buy
                size: { percent_of_equity: 100 }
              - id: quiet
                when: volume < sma(volume, 20) * 0.8
                action: sell_all

            """.write(to: strategy, atomically: true, encoding: .utf8)
        options.strategyPath = strategy.path
        let reading = try BacktestJob(options: options).run()
        #expect(reading.series[0].volume.count == reading.series[0].count && reading.series[0].high.isEmpty)
        #expect(reading.report.orders.count > 10)
    }
}
