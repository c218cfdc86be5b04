import Bench
import Foundation
import Testing

/// `algobot bench` and `algobot-bench`: the figures are only worth printing when the engine
/// and the hand-written loop compute the same thing, so a small run must agree to the cent.
@Suite struct BenchCommandTests {
    @Test func aSmallBenchRunsAndTheEngineAgreesWithTheHandLoop() async throws {
        let result = try await AlgobotBinary.run(["bench", "--bars", "30000", "--symbols", "3", "--symbol-bars", "2000", "--repeat", "1", "--never"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("final equity agrees with the hand loop to the cent"))
        #expect(result.stdout.contains("1 symbol × 30,000 bars: engine"))
        #expect(result.stdout.contains("never-firing strategy"))
        #expect(result.stdout.contains("written to a log file as `backtest --audit` writes them"))
        #expect(result.stdout.contains("3 symbols × 2,000 bars in one portfolio"))
        #expect(result.stdout.contains("peak memory (max RSS)"))
    }

    @Test func aCountThatIsNotPositiveIsAUsageError() async throws {
        let result = try await AlgobotBinary.run(["bench", "--repeat", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--repeat takes a positive whole number"))
    }

    @Test func theBenchExecutableReadsTheSameFlags() {
        var expected = BenchmarkOptions()
        expected.bars = 5000
        expected.symbols = 2
        expected.symbolBars = 1_000
        expected.repeats = 3
        expected.auditRecords = false
        expected.never = true
        #expect(BenchmarkOptions.parse(["--bars", "5_000", "--symbols", "2", "--symbol-bars", "1,000", "--repeat", "3",
                                        "--no-audit-records", "--never"]) == .run(expected))
        #expect(BenchmarkOptions.parse(["--help"]) == .help)
        #expect(BenchmarkOptions.parse(["--bars"]) == .invalid("--bars needs a number"))
        #expect(BenchmarkOptions.parse(["--bars", "-3"]) == .invalid("--bars takes a positive whole number, not '-3'"))
        #expect(BenchmarkOptions.parse(["--fast"]) == .invalid("unknown option '--fast'"))
    }
}
