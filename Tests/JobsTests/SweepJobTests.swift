import Foundation
@testable import Jobs
@testable import Report
import Testing
import Vocabulary

/// `algobot sweep` on the bundled SPY history: each combination is the backtest
/// `algobot backtest --params` runs, and the output depends neither on `--jobs` nor on
/// sharding.
@Suite struct SweepJobTests {
    static func options(_ params: [String], condition: String? = "fast < slow", jobs: Int = 2) throws -> SweepJob.Options {
        var options = SweepJob.Options()
        let root = JobsFixtures.repository
        options.strategyPath = root.appendingPathComponent("strategies/sma.yaml").path
        options.policyPath = root.appendingPathComponent("rules/limits.yaml").path
        options.dataPath = root.appendingPathComponent("data/daily").path
        options.params = try params.map(SweepParam.init(parsing:))
        options.condition = condition
        options.jobs = jobs
        return options
    }

    static let grid = ["fast=5:30:5", "slow=20:100:20"]

    @Test func eachCombinationIsTheSingleBacktestWithThoseParams() throws {
        var options = try Self.options(Self.grid)
        options.from = "2005-01-03"
        let sweep = try SweepJob(options: options).run()
        #expect(sweep.count == 27)
        for k in [0, 13, 26] {
            let record = sweep.records[k]
            var single = BacktestJob.Options()
            single.strategyPath = options.strategyPath
            single.policyPath = options.policyPath
            single.dataPath = options.dataPath
            single.from = options.from
            single.params = zip(["fast", "slow"], record.values).map { ($0, $1) }
            let report = try BacktestJob(options: single).run().report
            guard case .object(let entries) = report.jsonValue() else { Issue.record("not an object"); return }
            // The report's summary is this one writer's object plus the report's own sentence
            // and --approve-all count, which a sweep row does not have.
            let summary = BacktestSummary(report: report).jsonValue
            #expect(Self.withoutReportOnlyKeys(try #require(entries.first { $0.0 == "summary" }?.1)).serialized() == summary.serialized())
            let violations = try #require(entries.first { $0.0 == "violations" }?.1)
            #expect(record.summary.serialized() == summary.serialized(), "combination \(k): \(record.values)")
            #expect(record.violations.serialized() == violations.serialized(), "combination \(k): \(record.values)")
            #expect(ReturnMoments(startingCash: 10_000, equity: Array(report.result.curve.equity)) == record.returns)
        }
    }

    /// Blocks by a limit and by a rule, approvals by a rule: the sweep counts them from the
    /// decisions' check bytes, the report from the judged orders.
    @Test func violationsAreTheSingleBacktestsUnderAStrictPolicy() throws {
        var options = try Self.options(["fast=5,20", "slow=30,60"], condition: nil)
        options.policyPath = JobsFixtures.repository.appendingPathComponent("Tests/Fixtures/sweep/strict-limits.yaml").path
        let sweep = try SweepJob(options: options).run()
        var kinds: Set<String> = []
        for record in sweep.records {
            var single = BacktestJob.Options()
            single.strategyPath = options.strategyPath
            single.policyPath = options.policyPath
            single.dataPath = options.dataPath
            single.params = zip(["fast", "slow"], record.values).map { ($0, $1) }
            let report = try BacktestJob(options: single).run().report
            guard case .object(let entries) = report.jsonValue() else { Issue.record("not an object"); return }
            #expect(record.summary.serialized() == entries.first { $0.0 == "summary" }.map { Self.withoutReportOnlyKeys($0.1) }?.serialized(),
                    "\(record.values)")
            #expect(record.violations.serialized() == entries.first { $0.0 == "violations" }?.1.serialized(), "\(record.values)")
            for v in report.violations {
                if v.block > 0 { kinds.insert("\(v.rule) block") }
                if v.needsApproval > 0 { kinds.insert("\(v.rule) needs_approval") }
            }
        }
        #expect(kinds.isSuperset(of: ["max_position_per_symbol block", "small-orders-wait needs_approval", "no-buying-above-150 block"]), "\(kinds)")
    }

    @Test func outputIsTheSameForAnyNumberOfJobs() throws {
        let one = try SweepJob(options: Self.options(Self.grid, jobs: 1)).run()
        let two = try SweepJob(options: Self.options(Self.grid, jobs: 2)).run()
        let five = try SweepJob(options: Self.options(Self.grid, jobs: 5)).run()
        #expect(one.json() == two.json())
        #expect(one.json() == five.json())
        #expect(one.csv() == two.csv())
        #expect(one.text() == two.text())
        #expect(one.html() == two.html())
    }

    @Test func fourShardsMergedAreTheUnshardedSweep() throws {
        let whole = try SweepJob(options: Self.options(Self.grid)).run()
        var parts: [(path: String, text: String)] = []
        for i in [2, 0, 3, 1] {
            var options = try Self.options(Self.grid)
            options.shard = SweepShard(index: i, count: 4)
            let part = try SweepJob(options: options).run()
            #expect(part.records.map(\.index) == Array(stride(from: i, to: 27, by: 4)))
            parts.append(("part-\(i).json", part.json()))
        }
        let merged = try SweepMerge.merge(parts)
        #expect(merged.json() == whole.json())
        #expect(merged.csv() == whole.csv())
        #expect(merged.text() == whole.text())
        #expect(merged.html() == whole.html())

        #expect(message { try SweepMerge.merge(Array(parts.prefix(3))) }.contains("missing shard 1/4"))
        #expect(message { try SweepMerge.merge(parts + [parts[0]]) }.contains("shard 2/4 is also part-2.json"))
        #expect(message { try SweepMerge.merge([("whole.json", whole.json())]) }.contains("not a shard"))
        let cut = parts[0].text.replacingOccurrences(of: "\"index\": 6,", with: "\"index\": 7,")
        #expect(message { try SweepMerge.merge([(parts[0].path, cut)] + parts.dropFirst()) }.contains("a part was cut short or edited"))
    }

    @Test func rankingAndBest() throws {
        var options = try Self.options(Self.grid)
        options.metric = "max_drawdown_pct"
        let sweep = try SweepJob(options: options).run()
        let drawdowns = sweep.ranking.map { sweep.records[$0].figure("max_drawdown_pct") ?? .infinity }
        #expect(drawdowns == drawdowns.sorted(), "max_drawdown_pct ranks lowest first")
        let text = sweep.text()
        #expect(text.contains("27 combinations of fast (6 values) × slow (5 values) where fast < slow; ranked by max_drawdown_pct (lower is better)"))
        #expect(text.contains("the best of 27 combinations tried"))
        #expect(text.contains("Deflated Sharpe ratio:"))
    }

    @Test func unknownParamsSuggestTheStrategysOwn() throws {
        #expect(message { try SweepJob(options: Self.options(["fsat=5:10:1"], condition: nil)).run() }
            .contains("has no param 'fsat'; did you mean 'fast'?"))
        var single = BacktestJob.Options()
        let root = JobsFixtures.repository
        single.strategyPath = root.appendingPathComponent("strategies/sma.yaml").path
        single.policyPath = root.appendingPathComponent("rules/limits.yaml").path
        single.dataPath = root.appendingPathComponent("data/daily").path
        single.params = [("slwo", 20)]
        #expect(message { try BacktestJob(options: single).run() }.contains("--params: \(single.strategyPath) has no param 'slwo'; did you mean 'slow'?"))
        single.params = [("fast", 2.5)]
        let located = message { try BacktestJob(options: single).run() }
        #expect(located.contains("sma.yaml:11:"), "\(located)")
        #expect(located.contains("with params fast=2.5"), "\(located)")
    }

    /// Combinations run two at a time; the error is still that of the first combination in
    /// grid order that fails, whichever of a pair it is and however many jobs run.
    @Test func theFirstFailingCombinationIsReported() throws {
        for jobs in [1, 2] {
            let second = message { try SweepJob(options: Self.options(["fast=5,0,-3", "slow=30"], condition: nil, jobs: jobs)).run() }
            #expect(second.contains("with params fast=0,slow=30:"), "\(second)")
            let both = message { try SweepJob(options: Self.options(["fast=0,-3", "slow=30"], condition: nil, jobs: jobs)).run() }
            #expect(both.contains("with params fast=0,slow=30:"), "\(both)")
            let last = message { try SweepJob(options: Self.options(["fast=5,10,15,20,25,-3", "slow=30"], condition: nil, jobs: jobs)).run() }
            #expect(last.contains("with params fast=-3,slow=30:"), "\(last)")
        }
    }

    private func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// A backtest report's summary without the keys only a report has (the verdict, the
    /// orders `--approve-all` executed).
    static func withoutReportOnlyKeys(_ summary: JSONValue) -> JSONValue {
        guard case .object(let entries) = summary else { return summary }
        return .object(entries.filter { !["verdict", "orders_approved_by_approve_all"].contains($0.0) })
    }
}
