@testable import Engine
import Foundation
import Jobs
import MarketData
import Policy
@testable import Report
@testable import RuleLanguage
import Testing
import Vocabulary

/// Rule coverage: per strategy rule and per `and`/`or` part, the bars it was true on, the
/// bars a part alone decided, the times the rule fired, its orders and the policy's
/// objections; a part that never decided a bar is flagged.
@Suite struct RuleCoverageTests {
    static func job(strategy: String, policy: String, data: String, benchmark: String) throws -> BacktestReport {
        var options = BacktestJob.Options()
        options.strategyPath = ReportFixtures.path(strategy)
        options.policyPath = ReportFixtures.path(policy)
        options.dataPath = ReportFixtures.repository.path + "/" + data
        options.benchmark = benchmark
        return try BacktestJob(options: options).run().report
    }

    static func small() throws -> RuleCoverage {
        let report = try job(strategy: "coverage-small.yaml", policy: "approval-4000.yaml",
                             data: "Tests/Fixtures/reference/example", benchmark: "XYZ")
        return try #require(report.coverage)
    }

    /// Closes 100 99 98 101 104 100 97 103; sma(close, 3) from bar 2: 99, 99.33, 101, 101.67,
    /// 100.33, 100. Every rule is evaluated on bars 2–7 (6 bars).
    /// enter (`close > sma and close < 103`): first part true on bars 3, 4, 7; second on 2, 3,
    /// 5, 6; the whole on bar 3. The first alone is false on 2, 5, 6; the second on 4, 7.
    @Test func anAndWhosePartsBothMatterIsCountedAndNotFlagged() throws {
        let enter = try Self.small().rules[0]
        #expect(enter.id == "enter" && enter.op == "and")
        #expect((enter.bars, enter.trueBars, enter.fired) == (6, 1, 1))
        #expect(enter.parts.map(\.text) == ["close > sma(close, 3)", "close < 103"])
        #expect(enter.parts.map(\.trueBars) == [3, 4])
        #expect(enter.parts.map(\.decidingBars) == [3, 2])
        #expect(enter.flaggedParts.isEmpty)
        // Bar 3: 50 % of $10,000 is above the $4,000 threshold, so it waited for approval.
        #expect((enter.orders, enter.blocked, enter.neededApproval) == (1, 0, 1))
    }

    /// again (`close > sma and close > 99`, after enter and exit in file order): true on 3, 4,
    /// 7 but fires on 4 and 7 only (enter fired on 3). `close > 99` is false on 2 and 6, where
    /// the first part is false too: it never decides.
    @Test func anAndPartThatNeverDecidesIsFlaggedWithItsBars() throws {
        let again = try Self.small().rules[2]
        #expect((again.bars, again.trueBars, again.fired, again.orders) == (6, 3, 2, 2))
        #expect(again.parts.map(\.trueBars) == [3, 4])
        #expect(again.parts.map(\.decidingBars) == [1, 0])
        #expect(again.flaggedParts.map { again.flag($0) } == ["`close > 99` never changed a decision in 6 bars"])
    }

    /// exit (`close < sma and position > 0 or close < 90`) reads the account: the buy of bar 4
    /// (again, $1,000, allowed) fills at bar 5's open, the sell_all of bar 5 at bar 6's open.
    /// So the first part holds on bar 5 only (bar 2 and 6 are below the average but flat).
    @Test func anOrOverThePositionSeesTheRunsFills() throws {
        let exit = try Self.small().rules[1]
        #expect(exit.op == "or")
        #expect(exit.parts.map(\.text) == ["close < sma(close, 3) and position > 0", "close < 90"])
        #expect((exit.trueBars, exit.fired, exit.orders, exit.neededApproval) == (1, 1, 1, 0))
        #expect(exit.parts.map(\.trueBars) == [1, 0])
        #expect(exit.parts.map(\.decidingBars) == [1, 0])
        #expect(exit.flaggedParts.map(\.text) == ["close < 90"])
    }

    /// The issue's case: the RSI filter added to strategies/sma.yaml's buy rule never changed
    /// a decision over the bundled SPY history; the text report says so in those words.
    @Test func theRSIFilterOfTheIssueIsFlagged() throws {
        let report = try Self.job(strategy: "sma-rsi.yaml", policy: "limits.yaml", data: "data/daily", benchmark: "SPY")
        let coverage = try #require(report.coverage)
        let enter = coverage.rules[0]
        let spy = try BarLoader.load(path: ReportFixtures.repository.path + "/data/daily", symbols: ["SPY"], badRows: .fail).series[0]
        // Evaluated from the crossing's warm-up (bar 30) to the last bar.
        #expect(enter.bars == spy.count - 30)
        #expect(enter.flaggedParts.map(\.text) == ["rsi(close, 14) <= 70"])
        let line = "  enter-long: `rsi(close, 14) <= 70` never changed a decision in \(Money.grouped(Int64(enter.bars))) bars; "
            + "it was never the only false part of the `and`, so the rule fired the same without it"
        #expect(report.text().split(separator: "\n").map(String.init).contains(line))
        #expect(coverage.rules[1].flaggedParts.isEmpty)
        #expect(report.html().contains("never changed a decision in \(Money.grouped(Int64(enter.bars))) bars"))
    }

    /// The counts agree with `algobot eval --rule` (each part's value per bar, computed apart
    /// from the backtest), and the orders with the report's orders.
    @Test func countsAgreeWithEvalAndTheOrders() throws {
        let report = try Self.job(strategy: "sma-rsi.yaml", policy: "limits.yaml", data: "data/daily", benchmark: "SPY")
        let enter = try #require(report.coverage?.rules[0])
        var options = EvalJob.Options()
        options.strategyPath = ReportFixtures.path("sma-rsi.yaml")
        options.rule = "enter-long"
        options.dataPath = ReportFixtures.repository.path + "/data/daily"
        let table = try EvalJob(options: options).run()
        #expect(table.headers == ["crosses_above(sma(close, 10), sma(close, 30))", "rsi(close, 14) <= 70", "enter-long"])
        let rows = table.times.indices.filter { !table.values[2][$0].isNaN }
        let cross = rows.map { table.values[0][$0] == 1 }, rsi = rows.map { table.values[1][$0] == 1 }
        #expect(enter.bars == rows.count)
        #expect(enter.trueBars == rows.filter { table.values[2][$0] == 1 }.count)
        #expect(enter.parts.map(\.trueBars) == [cross.filter { $0 }.count, rsi.filter { $0 }.count])
        #expect(enter.parts[0].decidingBars == rows.indices.filter { !cross[$0] && rsi[$0] }.count)
        #expect(enter.parts[1].decidingBars == rows.indices.filter { cross[$0] && !rsi[$0] }.count)
        let made = report.orders.filter { $0.intent.ruleId == "enter-long" }
        #expect(enter.orders == made.count)
        #expect(enter.neededApproval == made.filter { $0.decision.outcome == .needsApproval }.count)
        #expect(enter.blocked == made.filter { $0.decision.outcome == .block }.count)
        // A buy always makes an order, so the buy rule fired exactly as often.
        #expect(enter.fired == enter.orders)
    }

    /// Two symbols from one cash pool: `position == 0` depends on each symbol's fills, which
    /// the coverage replays; a buy always makes an order, so fired equals orders.
    @Test func severalSymbolsReplayEachPosition() throws {
        let strategy = try #require(Linter().lint(text: CanceledForCashTests.twoSymbolsAllIn, path: "all-in.yaml").strategy)
        let policy = try Linter().policy(at: ReportFixtures.path("wide-limits.yaml"))
        let symbols = ["AAA", "BBB"]
        let core = TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(policy), symbols: symbols)
        let series = symbols.enumerated().map { ReportFixtures.randomWalk(symbol: $1, count: 40, seed: UInt64(7 + $0)) }
        let result = try Backtester(core: core, series: series, options: .init(settings: ExecutionSettings())).run()
        let coverage = RuleCoverageCounter(strategy: strategy, series: series, result: result, orders: result.orderReports,
                                           from: nil, to: nil).count()
        #expect(coverage.rules[0].orders == result.orders.count)
        #expect(coverage.rules[0].fired == result.orders.count)
        #expect(coverage.rules[0].bars == 80)
    }

    @Test func jsonHasCoverageAfterViolations() throws {
        let report = try Self.job(strategy: "coverage-small.yaml", policy: "approval-4000.yaml",
                                  data: "Tests/Fixtures/reference/example", benchmark: "XYZ")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let rules = try #require(object["coverage"] as? [[String: Any]])
        #expect(rules.map { $0["rule"] as? String } == ["enter", "exit", "again"])
        let parts = try #require(rules[2]["parts"] as? [[String: Any]])
        #expect(parts[1]["flag"] as? String == "`close > 99` never changed a decision in 6 bars")
        #expect(parts[0]["flag"] is NSNull)
        #expect(rules[0]["needs_approval"] as? Int == 1)
        let json = report.json()
        #expect(json.range(of: "\"violations\"")!.lowerBound < json.range(of: "\"coverage\"")!.lowerBound)
    }
}
