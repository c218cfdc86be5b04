import Foundation
import Testing

/// `algobot eval` as a user runs it: the README's command, a mistake with its caret and
/// exit 1, usage errors with exit 2, and a rule's parts from a strategy file.
@Suite struct EvalCLITests {
    @Test func theReadmeCommandPrintsTheUpperBand() async throws {
        let result = try await AlgobotBinary.run(["eval", "bb_upper(close, 20, 2)"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 5_850)
        #expect(lines[0].hasPrefix("time") && lines[0].hasSuffix("bb_upper(close, 20, 2)"))
        #expect(lines[1].trimmingCharacters(in: .whitespaces) == "1998-01-02")
        #expect(lines[20].hasPrefix("1998-01-30") && lines[20].split(separator: " ").count == 2)
    }

    @Test func csvForAWindow() async throws {
        let result = try await AlgobotBinary.run(["eval", "rsi(close, n) < 30", "--params", "n=7", "--from", "2020-03-09",
                                            "--to", "2020-03-13", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            time,value
            2020-03-09,true
            2020-03-10,false
            2020-03-11,false
            2020-03-12,true
            2020-03-13,false

            """)
    }

    @Test func aMistakeIsPointedAtAndExitsOne() async throws {
        let result = try await AlgobotBinary.run(["eval", "close > smaa(close, 20)"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            expression:1:9: error[E021]: unknown function 'smaa'
              1 | close > smaa(close, 20)
                |         ^^^^
              help: did you mean 'sma'?

            """)
    }

    @Test func usageProblemsExitTwo() async throws {
        let neither = try await AlgobotBinary.run(["eval"])
        #expect(neither.status == 2)
        #expect(neither.stderr.contains("give an expression in quotes"))
        let badParams = try await AlgobotBinary.run(["eval", "sma(close, n)", "--params", "n:5"])
        #expect(badParams.status == 2)
        #expect(badParams.stderr.contains("--params: 'n:5' is not name=number"))
    }

    @Test func aRulesPartsFromTheShippedStrategy() async throws {
        let result = try await AlgobotBinary.run(["eval", "--strategy", "strategies/sma.yaml", "--rule", "enter-long", "--format", "json",
                                            "--from", "2020-06-01", "--to", "2020-06-05"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["rule"] as? String == "enter-long")
        #expect(object["columns"] as? [String] == ["crosses_above(sma(close, 10), sma(close, 30))"])
        #expect((object["rows"] as? [[String: Any]])?.count == 5)
    }

    /// An intraday vwap strategy run on daily data is stopped at load time, at the vwap; and
    /// live runs refuse it rather than run rules that could never fire.
    @Test func vwapNeedsIntradayBarsAndIsNotLiveYet() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        let strategy = dir.appendingPathComponent("vwap.yaml")
        try """
        strategy: vwap-cross
        symbols: [SPY]
        timeframe: 1Hour
        rules:
          - id: enter
            when: crosses_above(close, vwap)
            action: buy
            size: { percent_of_equity: 100 }

        """.write(to: strategy, atomically: true, encoding: .utf8)
        let daily = try await AlgobotBinary.run(["backtest", strategy.path, "--policy", "rules/research.yaml"])
        #expect(daily.status == 1)
        #expect(daily.stderr.contains("\(strategy.path):6:32: error[E040]: vwap needs intraday bars, but the data for SPY has daily bars (data/daily)"))
        #expect(daily.stderr.contains("  6 |     when: crosses_above(close, vwap)\n    |                                ^^^^\n"))
        let hourly = try await AlgobotBinary.run(["backtest", strategy.path, "--policy", "rules/research.yaml",
                                            "--data", "../shared/data/hourly/SPY.csv", "--benchmark", "SPY"])
        #expect(hourly.status == 0, "\(hourly.stderr)")
        let live = try await AlgobotBinary.run(["run", "--strategy", strategy.path, "--policy", "rules/research.yaml", "--dry-run",
                                          "--state", dir.appendingPathComponent("state").path])
        #expect(live.status == 1)
        #expect(live.stderr.contains("rule 'enter' uses vwap, which live and paper runs do not support yet"))
    }
}
