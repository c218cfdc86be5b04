@testable import Jobs
@testable import Report
import Testing

/// `--param` and `--where` as a user writes them: the values, the order, and the messages.
@Suite struct SweepGridTests {
    @Test func rangesIncludeBothEndsAndListsKeepTheirOrder() throws {
        #expect(try SweepParam(parsing: "fast=5:20:5").values == [5, 10, 15, 20])
        #expect(try SweepParam(parsing: "k=1,2,5").values == [1, 2, 5])
        #expect(try SweepParam(parsing: "k=0.1:0.5:0.1").values == [0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(try SweepParam(parsing: "slow=20:29:5").values == [20, 25])
        #expect(try SweepParam(parsing: "n=7").values == [7])
    }

    @Test func badParamsSayWhatToWrite() {
        #expect(message { try SweepParam(parsing: "fast=50:5:1") }.contains("write fast=5:50:1"))
        #expect(message { try SweepParam(parsing: "fast=5:50:0") }.contains("the step must be more than 0"))
        #expect(message { try SweepParam(parsing: "fast=5:50") }.contains("a range is lo:hi:step"))
        #expect(message { try SweepParam(parsing: "fast") }.contains("expected name=lo:hi:step"))
        #expect(message { try SweepParam(parsing: "k=1,x") }.contains("value 'x' is not a number"))
        #expect(message { try SweepParam(parsing: "k=1,2,1") }.contains("1 is listed twice"))
        #expect(message { try SweepParam(parsing: "close=1,2") }.contains("built-in"))
        #expect(message { try SweepParam(parsing: "n=0:1:0.000001") }.contains("use a larger step"))
    }

    @Test func firstParamVariesSlowestThenWhereFilters() throws {
        let params = [try SweepParam(parsing: "fast=1:3:1"), try SweepParam(parsing: "slow=2,3")]
        let all = try SweepGrid(params: params, where: nil)
        #expect((0..<all.count).map(all.combination) == [[1, 2], [1, 3], [2, 2], [2, 3], [3, 2], [3, 3]])
        let condition = try SweepWhere("fast < slow", names: ["fast", "slow"], strategyParams: ["fast": 10, "slow": 30], sample: [1, 2])
        let kept = try SweepGrid(params: params, where: { condition.holds($0) })
        #expect((0..<kept.count).map(kept.combination) == [[1, 2], [1, 3], [2, 3]])
    }

    /// `--where` judges the points a block at a time on several threads; the points kept,
    /// and their order, are those one thread keeps.
    @Test func whereKeepsTheSamePointsOnAnyNumberOfThreads() throws {
        let params = [try SweepParam(parsing: "a=1:140:1"), try SweepParam(parsing: "b=1:118:1")]
        #expect(140 * 118 > SweepGrid.block, "more points than a block")
        let condition = try SweepWhere("a < b", names: ["a", "b"], strategyParams: ["a": 1, "b": 2], sample: [1, 2])
        var expected: [Double] = []
        for a in 1...140 {
            for b in 1...118 where a < b { expected += [Double(a), Double(b)] }
        }
        for jobs in [1, 2, 3] {
            let grid = try SweepGrid(params: params, where: { condition.holds($0) }, jobs: jobs)
            #expect(grid.values == expected, "\(jobs) jobs")
            #expect(grid.count == expected.count / 2, "\(jobs) jobs")
        }
    }

    @Test func whereIsCheckedByTheRuleLanguage() {
        let names = ["fast", "slow"], fixed = ["fast": 10.0, "slow": 30.0]
        let typo = message { try SweepWhere("fsat < slow", names: names, strategyParams: fixed, sample: [1, 2]) }
        #expect(typo.contains("--where:1:1: error[E022]: unknown name 'fsat'"), "\(typo)")
        #expect(typo.contains("did you mean 'fast'?"))
        let syntax = message { try SweepWhere("fast <", names: names, strategyParams: fixed, sample: [1, 2]) }
        #expect(syntax.contains("--where:1:"), "\(syntax)")
        let series = message { try SweepWhere("close > fast", names: names, strategyParams: fixed, sample: [1, 2]) }
        #expect(series.contains("it may compare only params"), "\(series)")
        let number = message { try SweepWhere("fast + slow", names: names, strategyParams: fixed, sample: [1, 2]) }
        #expect(number.contains("is not a condition"), "\(number)")
    }

    @Test func metricNamesASummaryFigure() {
        #expect(message { try SweepRanking.checkMetric("sharp") }.contains("did you mean 'sharpe'?"))
        #expect((try? SweepRanking.checkMetric("max_drawdown_pct")) != nil)
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
