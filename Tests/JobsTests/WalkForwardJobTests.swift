import Foundation
@testable import Jobs
@testable import Report
import Testing
import Vocabulary

/// `algobot walkforward` on the bundled SPY history: each test span is the backtest
/// `algobot backtest --params --from --to` runs with the window's best params (warmed up on
/// every earlier bar, starting with the equity the previous span ended with), the best is
/// the sweep's own on the train span, and the output does not depend on `--jobs`.
@Suite struct WalkForwardJobTests {
    static func options(_ params: [String] = ["fast=10,20", "slow=50,100"], from: String? = "2010-01-01", to: String? = "2016-12-31",
                        jobs: Int = 2) throws -> WalkForwardJob.Options {
        var options = WalkForwardJob.Options()
        options.sweep = try SweepJobTests.options(params, condition: "fast < slow", jobs: jobs)
        options.sweep.policyPath = JobsFixtures.repository.appendingPathComponent("rules/research.yaml").path
        options.sweep.from = from
        options.sweep.to = to
        return options
    }

    @Test func eachTestSpanIsTheSingleBacktestWithTheChosenParams() throws {
        let report = try WalkForwardJob(options: Self.options()).run()
        #expect(report.windows.map { "\($0.test.first) \($0.test.last)" } == [
            "2013-01-04 2014-01-03", "2014-01-04 2015-01-03", "2015-01-04 2016-01-03", "2016-01-04 2016-12-30",
        ])
        #expect(report.windows.first?.startingEquity == 10_000)
        for (n, window) in report.windows.enumerated() {
            var single = BacktestJob.Options()
            let options = try Self.options()
            single.inputs = options.sweep.inputs
            single.from = window.test.first
            single.to = window.test.last
            single.settings.startingCash = window.startingEquity
            single.params = zip(["fast", "slow"], window.params).map { ($0, $1) }
            let backtest = try BacktestJob(options: single).run().report
            guard case .object(let entries) = backtest.jsonValue() else { Issue.record("not an object"); return }
            let summary = SweepJobTests.withoutReportOnlyKeys(try #require(entries.first { $0.0 == "summary" }?.1))
            #expect(window.outOfSampleSummary.serialized() == summary.serialized(), "window \(n + 1): \(window.params)")
            #expect(window.testRun.violations.serialized() == entries.first { $0.0 == "violations" }?.1.serialized())
            if n > 0 {
                // Each test span starts with what the one before ended with.
                #expect(window.startingEquity == backtestFinal(report, n - 1))
            }
        }
        #expect(report.equity.last == backtestFinal(report, report.windows.count - 1))
        #expect(report.metrics.finalEquity == report.equity.last)
    }

    /// The stitched curve's value at the end of window n's test span.
    private func backtestFinal(_ report: WalkForwardReport, _ n: Int) -> Double {
        let end = (try? BacktestInputs.time(of: report.windows[n].test.last, option: "--to", endOfDay: true)) ?? 0
        return report.equity[report.times.partitioningIndex { $0 > end } - 1]
    }

    @Test func theBestOfEachWindowIsTheSweepsBestOnItsTrainSpan() throws {
        let options = try Self.options()
        let report = try WalkForwardJob(options: options).run()
        for window in [report.windows[0], report.windows[2]] {
            var sweep = options.sweep
            sweep.from = window.train.first
            sweep.to = window.train.last
            let best = try #require(try SweepJob(options: sweep).run().best)
            #expect(best.params.map(\.value) == window.params)
            #expect(best.figure("sharpe") == window.inSample("sharpe"))
        }
    }

    @Test func outputIsTheSameForAnyNumberOfJobs() throws {
        let one = try WalkForwardJob(options: Self.options(jobs: 1)).run()
        let two = try WalkForwardJob(options: Self.options(jobs: 2)).run()
        #expect(one.json() == two.json())
        #expect(one.text() == two.text())
        #expect(one.csv() == two.csv())
        #expect(one.html() == two.html())
    }

    @Test func anchoredTrainSpansKeepTheFirstDay() throws {
        var options = try Self.options()
        options.anchored = true
        let report = try WalkForwardJob(options: options).run()
        #expect(report.windows.map(\.train.first) == Array(repeating: "2010-01-04", count: 4))
        #expect(report.windows.map(\.train.last) == ["2013-01-03", "2014-01-03", "2015-01-03", "2016-01-03"])
        #expect(report.json().contains("\"anchored\": true"))
        let rolling = try WalkForwardJob(options: Self.options()).run()
        #expect(rolling.windows.map(\.train.first) == ["2010-01-04", "2011-01-04", "2012-01-04", "2013-01-04"])
    }

    @Test func theReportSaysWhatItComparedAndHow() throws {
        let report = try WalkForwardJob(options: Self.options()).run()
        let text = report.text()
        #expect(text.contains("Walk-forward, train 3y (rolling), test 1y: on each train span the best by sharpe (higher is better) of 4 combinations"))
        #expect(text.contains("Out of sample, 2013-01-04 … 2016-12-30 (the test spans stitched)"))
        #expect(text.contains("SPY buy & hold over the same bars"))
        let benchmark = try #require(report.benchmark)
        #expect(benchmark.times.first == report.times.first && benchmark.times.last == report.times.last)
        let d = report.degradation
        let pairs = report.windows.compactMap { w in w.inSample("sharpe").flatMap { i in w.outOfSample("sharpe").map { (i, $0) } } }
        #expect(d.windows == pairs.count)
        #expect(d.difference == d.inSampleMean.flatMap { i in d.outOfSampleMean.map { i - $0 } })
        let html = report.html()
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("s-benchmark"))
        #expect(report.csv().split(separator: "\n").count == 1 + report.windows.count)
    }

    @Test func badSpansAndParamsAreClearErrors() throws {
        #expect(message { try WalkForwardJob(options: Self.options(from: "2019-06-01", to: nil)).run() }
            .hasPrefix("--train 3y --test 1y: the data covers only 2019-06-03 to 2021-03-31, not more than the train span"))
        #expect(message { try WalkForwardJob(options: Self.options(["fsat=5,10"])).run() }.contains("did you mean 'fast'?"))
        #expect(message { try WalkForwardJob(options: Self.options(from: "2030-01-01", to: nil)).run() }.contains("no bars from 2030-01-01"))
        var metric = try Self.options()
        metric.sweep.metric = "shape"
        #expect(message { try WalkForwardJob(options: metric).run() }.contains("did you mean 'sharpe'?"))
        #expect(message { try WalkForwardSpan(parsing: "0y", option: "--test") }.hasPrefix("--test 0y: expected a number and y, m or d"))
    }

    private func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }
}
