@testable import Bench
import Foundation
import Testing

/// `algobot bench --csv` times the file and strategy `scripts/bench/csv-backtest.sh` times:
/// the generated CSV must be the Python script's bytes, the strategy and policy the files'.
@Suite struct CSVBenchmarkTests {
    static let python: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static func generated(bars: Int) throws -> Data {
        let path = try AlgobotBinary.temporaryDirectory().appendingPathComponent("BENCH.csv").path
        try MinuteCSV.write(bars: bars, to: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test func theFirst400BarsAreTheScriptsBytes() throws {
        // Written by `python3 scripts/bench/make_minute_csv.py minute-400.csv 400`: a whole
        // session and the first bars of the next day.
        let fixture = try Data(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("Tests/Fixtures/bench/minute-400.csv"))
        #expect(try Self.generated(bars: 400) == fixture)
    }

    @Test(.enabled(if: python != nil, "python3 is not on PATH: this comparison runs scripts/bench/make_minute_csv.py"))
    func aLongerFileIsTheScriptsBytesAcrossTheSwitchToSummerTime() async throws {
        // 25,000 bars run to 2010-04-01: past 2010-03-14, when New York moved from -05:00 to -04:00.
        let folder = try AlgobotBinary.temporaryDirectory()
        let script = folder.appendingPathComponent("script.csv")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python!)
        process.arguments = [AlgobotBinary.repoRoot.appendingPathComponent("scripts/bench/make_minute_csv.py").path, script.path, "25000"]
        let outcome = try await ChildProcess.run(process)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let expected = try Data(contentsOf: script)
        let text = String(decoding: expected, as: UTF8.self)
        #expect(text.contains("T09:30:00-05:00") && text.contains("T15:59:00-04:00"))
        #expect(try Self.generated(bars: 25000) == expected)
    }

    @Test func theStrategyAndPolicyAreTheScriptsFiles() throws {
        let strategy = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("scripts/bench/sma-1min.yaml"), encoding: .utf8)
        let policy = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("rules/research.yaml"), encoding: .utf8)
        #expect(CSVBenchmark.strategyYAML == strategy)
        #expect(CSVBenchmark.policyYAML == policy)
    }

    @Test func fourDecimalsAreWhatPrintfWrites() {
        var random = PythonRandom(seed: 7)
        let awkward: [Double] = [1, 2.5, 0.5, 1.00005, 100.00005, 99.99995, 999.99999, 0.00005, 0.00015, 123.456749999999,
                                 123.45675, 9.99995, 1e14 + 0.5, 5e-324, 0, 1.0000499999999999, 98.40475]
        for value in awkward + (0..<50_000).map({ _ in 1 + random.random() * 999 }) {
            var fast: [UInt8] = [], printf: [UInt8] = []
            MinuteCSV.appendFixed4(value, to: &fast)
            MinuteCSV.appendPrintf(value, to: &printf)
            #expect(fast == printf, "\(value)")
        }
    }

    @Test func pythonsGeneratorGivesPythonsNumbers() {
        // random.Random(42).random() and random.Random(42).randint(100, 100000), as CPython prints them.
        var random = PythonRandom(seed: 42)
        #expect(random.random() == 0.6394267984578837)
        var second = PythonRandom(seed: 42)
        #expect(second.randint(100, 100_000) == 83_910)
    }

    @Test func theBenchTimesBothProcessesAndPrintsTheRatio() async throws {
        let source = AlgobotBinary.repoRoot.appendingPathComponent("scripts/bench/sma_backtest.c").path
        let result = try await AlgobotBinary.run(["bench", "--csv", "--bars", "3000", "--repeat", "1", "--c-source", source])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("csv: `algobot backtest --json` of SMA 10/30 over 3,000 1-minute bars from CSV"))
        #expect(result.stdout.contains("  algobot ("))
        if TimedProcess.find("cc") != nil {
            #expect(result.stdout.contains("hand-written C (cc -O2 \(source))"))
            #expect(result.stdout.contains("× the C program's CPU time (target ≤ 2×); peak"))
        }
    }

    @Test func withoutTheCSourceItSaysSoAndTimesAlgobotAlone() async throws {
        let result = try await AlgobotBinary.run(["bench", "--csv", "--bars", "3000", "--repeat", "1", "--c-source", "no/such/program.c"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("the reference C program was not found (no no/such/program.c from"))
        #expect(result.stdout.contains("peak"))
        #expect(!result.stdout.contains("ratio"))
    }
}
