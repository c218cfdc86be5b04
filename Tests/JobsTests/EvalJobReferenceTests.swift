import Foundation
@testable import Jobs
@testable import Report
import Testing

/// Another symbol's bars (`SPY.close`) through `algobot eval`: aligned by bar time, no value
/// where that symbol has no bar at exactly that time, and an expression of that symbol alone
/// (`sma(SPY.close, 2)`) computed over its own bars.
@Suite struct EvalJobReferenceTests {
    /// AAA trades 2021-03-01 … 03-08; SPY has no bar on 03-03, one on Saturday 03-06 and one
    /// on 02-26 before AAA starts.
    static let data = JobsFixtures.repository.appendingPathComponent("Tests/Fixtures/data/reference").path
    let job = EvalJobTests()

    func values(_ expression: String) throws -> [Double] {
        try job.eval(expression, data: Self.data, { $0.symbol = "AAA" }).values[0]
    }

    @Test func aMissingReferenceBarHasNoValueAndItsConditionIsFalse() throws {
        let close = try values("SPY.close")
        #expect(close.count == 6 && close[2].isNaN)
        #expect(close.enumerated().filter { $0.offset != 2 }.map(\.element) == [382, 384, 388, 390, 394])
        #expect(try values("SPY.close > 0") == [1, 1, 0, 1, 1, 1])
        #expect(try values("not (SPY.close > 0)") == [0, 0, 1, 0, 0, 0])
        let table = try job.eval("SPY.close", data: Self.data, { $0.symbol = "AAA" })
        #expect(table.render(.csv).contains("\n2021-03-03,\n"))
    }

    /// The average runs over SPY's own bars (02-26 and 03-06 count), then is read at AAA's;
    /// the warm-up is counted in AAA's bars (one here), so AAA's first bar shows none.
    @Test func anExpressionOfTheOtherSymbolRunsOnItsOwnBars() throws {
        let average = try values("sma(SPY.close, 2)")
        #expect(average[0].isNaN && average[1] == 383 && average[2].isNaN && average[3] == 386 && average[4] == 389)
        #expect(average[5] == 393)   // (392 of Saturday + 394) / 2
        let mixed = try values("close / SPY.close")
        #expect(mixed[0] == 10.0 / 382 && mixed[2].isNaN)
    }

    @Test func lintMistakesArePointedAt() throws {
        let field = try #require(job.failure("SPY.clsoe > 0", data: Self.data, { $0.symbol = "AAA" }))
        #expect(field.message.hasPrefix("expression:1:1: error[E022]: unknown field 'clsoe' of SPY\n"))
        #expect(field.message.contains("help: did you mean 'SPY.close'?"))
        let lower = try #require(job.failure("close > spy.close", data: Self.data, { $0.symbol = "AAA" }))
        #expect(lower.message.hasPrefix("expression:1:9: error[E015]: 'spy' is not a ticker symbol: symbols are written in capital letters\n"))
        #expect(lower.message.contains("help: write SPY.close"))
    }

    @Test func aSymbolWithoutDataIsALocatedError() throws {
        let error = try #require(job.failure("close > QQQ.close", data: Self.data, { $0.symbol = "AAA" }))
        #expect(error.message.hasPrefix("expression:1:9: error: no bars for QQQ in \(Self.data), and a condition reads QQQ"))
    }

    /// At backtest start (before any bar runs): the strategy file's line and column.
    @Test func aBacktestOfASymbolWithoutDataStopsAtTheExpression() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("filter.yaml").path
        try """
        strategy: filter
        symbols: [AAA]
        rules:
          - id: enter
            when: position == 0 and QQQ.close > sma(QQQ.close, 2)
            action: buy
            size: { percent_of_equity: 100 }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        var options = BacktestJob.Options()
        options.strategyPath = path
        options.policyPath = JobsFixtures.repository.appendingPathComponent("rules/research.yaml").path
        options.dataPath = Self.data
        #expect(throws: (any Error).self) { try BacktestJob(options: options).run() }
        do {
            _ = try BacktestJob(options: options).run()
        } catch {
            #expect("\(error)".hasPrefix("\(path):5:29: error: no bars for QQQ in \(Self.data)"), "\(error)")
        }
    }
}
