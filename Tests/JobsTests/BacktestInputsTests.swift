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
}
