import Foundation
import Testing
@testable import Engine
import MarketData
import Policy
@testable import Report
@testable import RuleLanguage

/// Buys canceled for lack of cash are counted and explained in every form of the report:
/// a line in the text, `summary.canceled_no_cash` in the JSON, a note under the HTML summary.
@Suite struct CanceledForCashTests {
    /// Two symbols that each buy 100 % of equity while they hold nothing: the first listed
    /// takes the cash at the next open, so every buy of the second is canceled.
    static let twoSymbolsAllIn = """
        strategy: all-in-twice
        symbols: [AAA, BBB]
        rules:
          - id: enter
            when: position == 0
            action: buy
            size: { percent_of_equity: 100 }
        """

    static func report(_ yaml: String, symbols: [String]) throws -> BacktestReport {
        let strategy = try #require(Linter().lint(text: yaml, path: "all-in.yaml").strategy)
        let policy = try Linter().policy(at: ReportFixtures.path("wide-limits.yaml"))
        let core = TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(policy), symbols: symbols)
        let series = symbols.enumerated().map { ReportFixtures.randomWalk(symbol: $1, count: 40, seed: UInt64(7 + $0)) }
        let result = try Backtester(core: core, series: series, options: .init(settings: ExecutionSettings())).run()
        return BacktestReport(result: result, benchmark: nil, from: nil, to: nil)
    }

    static func summary(_ report: BacktestReport) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any]
        return try #require(object?["summary"] as? [String: Any])
    }

    @Test func everyCanceledBuyIsCountedWithItsReason() throws {
        let report = try Self.report(Self.twoSymbolsAllIn, symbols: ["AAA", "BBB"])
        let canceled = report.orders.filter { $0.status == .canceled }
        // BBB asks on every one of the 40 bars but the last (its decision has no next open).
        #expect(canceled.count == 39)
        #expect(canceled.allSatisfy { $0.intent.symbol == "BBB" && $0.note == "not enough cash for one share at the open" })
        #expect(report.canceledForLackOfCash == 39)

        #expect(report.text().contains("\n39 buys were canceled for lack of cash: at the next open the cash left did not pay "
            + "for one share, because open positions or earlier buys already held it"))
        let summary = try Self.summary(report)
        #expect(summary["canceled_no_cash"] as? Int == 39)
        #expect(summary["orders_canceled"] as? Int == 39)
        #expect(report.html().contains("<p class=\"note\">39 buys were canceled for lack of cash: "))
    }

    @Test func aRunWithoutSuchBuysSaysNothingAndCountsZero() throws {
        let report = try Self.report(Self.twoSymbolsAllIn.replacingOccurrences(of: "[AAA, BBB]", with: "[AAA]"), symbols: ["AAA"])
        #expect(report.canceledForLackOfCash == 0)
        #expect(!report.text().contains("lack of cash"))
        #expect(!report.html().contains("lack of cash"))
        #expect(try Self.summary(report)["canceled_no_cash"] as? Int == 0)
    }
}
