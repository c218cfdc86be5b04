import Foundation
@testable import Jobs
import MarketData
@testable import Report
import RuleLanguage
import Testing

/// `algobot eval` as a library: the values it prints are the compiled strategy's values,
/// mistakes are pointed at inside the expression, and the three formats have their shapes.
@Suite struct EvalJobTests {
    static let daily = JobsFixtures.repository.appendingPathComponent("data/daily").path
    static let vwapData = JobsFixtures.repository.appendingPathComponent("Tests/Fixtures/data/vwap/SPY.csv").path

    func eval(_ expression: String?, data: String = daily, _ configure: (inout EvalJob.Options) -> Void = { _ in }) throws -> EvalTable {
        var options = EvalJob.Options()
        options.expression = expression
        options.dataPath = data
        configure(&options)
        return try EvalJob(options: options).run()
    }

    func failure(_ expression: String?, data: String = daily, _ configure: (inout EvalJob.Options) -> Void = { _ in }) -> EvalJobError? {
        do {
            _ = try eval(expression, data: data, configure)
            return nil
        } catch {
            return error as? EvalJobError
        }
    }

    @Test func bollingerUpperBandOnTheBundledSPY() throws {
        let table = try eval("bb_upper(close, 20, 2)")
        let spy = try #require(try BarLoader.load(path: Self.daily, symbols: ["SPY"]).series.first)
        #expect(table.symbol == "SPY" && table.times.count == spy.count && table.times.first == "1998-01-02")
        #expect(table.values[0].prefix(19).allSatisfy { $0.isNaN })
        for t in [19, 2_000, spy.count - 1] {
            let window = spy.close[(t - 19)...t]
            let mean = window.reduce(0, +) / 20
            let deviation = (window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20).squareRoot()
            #expect(abs(table.values[0][t] - (mean + 2 * deviation)) < 1e-9, "bar \(t)")
        }
        let csv = table.render(.csv).split(separator: "\n")
        #expect(csv[0] == "time,value")
        #expect(csv[1] == "1998-01-02,")
        #expect(csv[20] == "1998-01-30,\(table.cell(column: 0, row: 19)!)")
    }

    @Test func conditionsAreTrueOrFalseAndWarmUpIsEmpty() throws {
        let table = try eval("close > sma(close, 3)", { $0.to = "1998-01-09" })
        let csv = table.render(.csv)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.prefix(3) == ["time,value", "1998-01-02,", "1998-01-05,"])
        #expect(lines.dropFirst(3).dropLast().allSatisfy { $0.hasSuffix(",true") || $0.hasSuffix(",false") })
        #expect(table.times.count == 6)
    }

    @Test func mistakesArePointedAtInsideTheExpression() throws {
        let error = try #require(failure("close > bb_uper(close, 20, 2)"))
        #expect(error.isDiagnostic)
        #expect(error.message == """
            expression:1:9: error[E021]: unknown function 'bb_uper'
              1 | close > bb_uper(close, 20, 2)
                |         ^^^^^^^
              help: did you mean 'bb_upper'?

            """)
        let period = try #require(failure("atr(close, 14)"))
        #expect(period.message.hasPrefix("expression:1:1: error[E023]: atr takes 1 argument (period), got 2"))
    }

    @Test func vwapOnDailyDataIsALocatedError() throws {
        let error = try #require(failure("close > vwap"))
        #expect(error.message.hasPrefix("expression:1:9: error[E040]: vwap needs intraday bars, but \(Self.daily)/SPY.csv has daily bars\n"))
        #expect(error.message.contains("    |         ^^^^\n"))
    }

    /// The session is the bar's New York date: 20:00-04:00 is already the next day in UTC,
    /// but still the same session.
    @Test func vwapFollowsNewYorkSessions() throws {
        let table = try eval("vwap", data: Self.vwapData)
        #expect(table.values[0] == [10, 11.5, 20, 21, 21.6, 25.8, 40])
        #expect(table.times.first == "2023-08-02T19:00:00-04:00")
    }

    @Test func aRuleShowsEachPartAndTheWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s.yaml").path
        try """
        strategy: parts
        symbols: [SPY]
        params:
          fast: 10
        rules:
          - id: enter
            when: close > sma(close, fast) and (rsi(close, 14) < 60 or volume > 100000000)
            action: buy
            size: { percent_of_equity: 100 }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let table = try eval(nil) { $0.strategyPath = path; $0.rule = "enter"; $0.params = [("fast", 5)] }
        #expect(table.columns.map(\.text) == [
            "close > sma(close, 5)", "rsi(close, 14) < 60 or volume > 100000000", "rsi(close, 14) < 60", "volume > 100000000",
            "close > sma(close, 5) and (rsi(close, 14) < 60 or volume > 100000000)",
        ])
        #expect(table.headers.last == "enter")
        for row in 20..<table.times.count {
            let v = table.values.map { $0[row] }
            #expect(v[4] == (v[0] == 1 && v[1] == 1 ? 1 : 0) && v[1] == (v[2] == 1 || v[3] == 1 ? 1 : 0), "row \(row)")
        }
        #expect(failure(nil) { $0.strategyPath = path; $0.rule = "entr" }?.message == "\(path) has no rule 'entr'; did you mean 'enter'?")
        #expect(failure(nil) { $0.strategyPath = path; $0.rule = "enter"; $0.params = [("slow", 5)] }?.message
                == "--params: \(path) has no param 'slow' (its params: fast)")
    }

    @Test func paramsGiveTheExpressionItsNumbers() throws {
        let table = try eval("sma(close, n)") { $0.params = [("n", 5)] }
        #expect(table.values[0].firstIndex { !$0.isNaN } == 4)
        #expect(failure("sma(close, 5)") { $0.params = [("n", 5)] }?.message == "--params: n is not used by the expression")
        #expect(failure("sma(close, 5)") { $0.params = [("close", 5)] }?.message
                == "--params: 'close' is the name of a built-in value or function")
    }

    @Test func fromAndToChooseRowsWhileEarlierBarsStillWarmUp() throws {
        let all = try eval("macd_hist(close, 12, 26, 9)")
        let march = try eval("macd_hist(close, 12, 26, 9)") { $0.from = "2021-03-01"; $0.to = "2021-03-31" }
        let first = try #require(all.times.firstIndex(of: "2021-03-01"))
        #expect(march.times == Array(all.times[first..<first + march.times.count]))
        #expect(march.values[0] == Array(all.values[0][first..<first + march.times.count]))
        #expect(march.times.count == 23)
    }

    @Test func jsonAndTableShapes() throws {
        let table = try eval("rsi(close, 2) < 50", { $0.to = "1998-01-06" })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(table.render(.json).utf8)) as? [String: Any])
        #expect(json["expression"] as? String == "rsi(close, 2) < 50" && json["symbol"] as? String == "SPY" && json["type"] as? String == "condition")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 3 && rows[0]["value"] is NSNull && rows[2]["value"] is Bool)
        #expect(table.render(.table).split(separator: "\n").first == "time        rsi(close, 2) < 50")
    }
}
