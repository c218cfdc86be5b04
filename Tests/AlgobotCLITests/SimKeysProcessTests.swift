import Alpaca
import AlpacaSimulator
import Audit
import Foundation
import Testing
@testable import AlgobotCLI

/// `algobot sim` for any Alpaca client: it prints its test keys in full (even when a `.env`
/// lists them as secrets), takes `--key-id`/`--secret-key`, refuses keys shaped like real ones,
/// and the official alpaca-py SDK works against it with the keys it printed.
@Suite struct SimKeysProcessTests {
    static let root = RunProcessTests.root

    /// A running `algobot sim` over the bundled SPY bars, its clock still.
    final class SimProcess {
        let process = Process()
        let out: String
        let err: String
        private(set) var url = ""

        init(_ arguments: [String], dir: CLITempDir, environment extra: [String: String] = [:], workingDirectory: String? = nil) throws {
            out = dir.file("sim-\(UUID().uuidString.prefix(6)).out")
            err = out + ".err"
            FileManager.default.createFile(atPath: out, contents: nil)
            FileManager.default.createFile(atPath: err, contents: nil)
            process.executableURL = URL(fileURLWithPath: RunProcessTests.binaryPath)
            process.arguments = ["sim", "--port", "0", "--speed", "0", "--symbols", "SPY", "--data", SimKeysProcessTests.root + "/data/daily"]
                + arguments
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("APCA_") && !$0.key.hasPrefix("ALGOBOT_") }
                .merging(extra) { $1 }
            process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory ?? dir.path)
            process.standardOutput = FileHandle(forWritingAtPath: out)
            process.standardError = FileHandle(forWritingAtPath: err)
            try process.run()
        }

        /// Waits (at most 10 s) until the URL is on standard output and the keys on standard error.
        func started() async throws -> (url: String, keys: [String: String]) {
            for _ in 0..<1000 {
                url = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                let keys = printedKeys
                if !url.isEmpty && keys["APCA_API_DATA_URL"] != nil { return (url, keys) }
                if !process.isRunning { break }
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            Issue.record("the simulator did not start: \(stderr)")
            return (url, printedKeys)
        }

        var stderr: String { (try? String(contentsOfFile: err, encoding: .utf8)) ?? "" }

        /// The `  NAME=value` lines the simulator printed.
        var printedKeys: [String: String] {
            var keys: [String: String] = [:]
            for line in stderr.split(separator: "\n") where line.hasPrefix("  APCA_") {
                let parts = line.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { keys[parts[0]] = parts[1] }
            }
            return keys
        }

        func stop() async throws {
            kill(process.processIdentifier, SIGTERM)
            for _ in 0..<500 where process.isRunning { try await Task.sleep(nanoseconds: 10_000_000) }
            if process.isRunning { process.terminate() }
        }
    }

    static func client(_ url: String, keyID: String, secret: String) throws -> AlpacaClient {
        try AlpacaClient(configuration: AlpacaConfiguration(
            tradingBaseURL: URL(string: url)!, dataBaseURL: URL(string: url)!,
            credentials: Credentials(keyID: keyID, secretKey: secret), retryPolicy: RetryPolicy(maxAttempts: 1),
            logger: ApproveProcessTests.quiet), environment: [:])
    }

    @Test func theSimulatorTakesTheKeysGivenAndPrintsThemForAnyClient() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let sim = try SimProcess(["--key-id", "PKSIMTEST01", "--secret-key", "my-sim-secret-1"], dir: dir)
        let (url, keys) = try await sim.started()
        #expect(keys == ["APCA_API_KEY_ID": "PKSIMTEST01", "APCA_API_SECRET_KEY": "my-sim-secret-1",
                         "APCA_API_BASE_URL": url, "APCA_API_DATA_URL": url])
        #expect(sim.stderr.contains("test keys, for this simulator only (not secrets"))
        let printed = try Self.client(url, keyID: keys["APCA_API_KEY_ID"] ?? "", secret: keys["APCA_API_SECRET_KEY"] ?? "")
        #expect(try await printed.account().cash.doubleValue == 10_000)
        try await printed.shutdown()
        let builtIn = try Self.client(url, keyID: SimulatorConfig.defaultKeyID, secret: SimulatorConfig.defaultSecretKey)
        await #expect(throws: AlpacaError.self) { _ = try await builtIn.account() }
        try await builtIn.shutdown()
        try await sim.stop()
    }

    /// `.env.example` shows the simulator's keys as the bot's keys (the Compose simulator); such
    /// a `.env` makes them configured secrets, yet the simulator's own key lines stay readable
    /// while every other secret is still masked.
    @Test func aDotEnvListingTheTestKeysDoesNotHideThem() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        try """
            APCA_API_KEY_ID=\(SimulatorConfig.defaultKeyID)
            APCA_API_SECRET_KEY=\(SimulatorConfig.defaultSecretKey)
            LLM_API_KEY=llm-real-secret-5f2c9a17
            """.write(toFile: dir.file(".env"), atomically: true, encoding: .utf8)
        chmod(dir.file(".env"), 0o600)
        let sim = try SimProcess([], dir: dir, workingDirectory: dir.path)
        let (_, keys) = try await sim.started()
        #expect(keys["APCA_API_KEY_ID"] == SimulatorConfig.defaultKeyID)
        #expect(keys["APCA_API_SECRET_KEY"] == SimulatorConfig.defaultSecretKey)
        #expect(!sim.stderr.contains("***"), "\(sim.stderr)")
        try await sim.stop()
    }

    @Test func onlyTheTestValuesAreRevealed() {
        let real = "real-secret-\(UUID().uuidString)"
        SecretRegistry.shared.register([real, "sim-test-secret-7"])
        #expect(Console.masked("sim-test-secret-7 \(real)", revealing: ["sim-test-secret-7"]) == "sim-test-secret-7 ***")
        #expect(Console.masked("sim-test-secret-7 \(real)") == "*** ***")
    }

    static let realShapedSecret = "Zq8" + String(repeating: "Kp4v", count: 9) + "x"

    @Test(arguments: [["--key-id", "PKAB12CD34EF56GH78IJ"], ["--secret-key", realShapedSecret]])
    func keysShapedLikeRealOnesAreRefusedWithoutRepeatingThem(_ arguments: [String]) async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        // Even the user's own configured secret: refused, and never printed.
        let result = try await RunProcessTests.algobot(["sim", "--port", "0"] + arguments, in: dir,
                                                       environment: ["APCA_API_SECRET_KEY": Self.realShapedSecret])
        #expect(result.status == 2)
        #expect(result.stderr.contains("looks like a real Alpaca"), "\(result.stderr)")
        #expect(!result.stderr.contains(arguments[1]) && !result.stdout.contains(arguments[1]))
    }

    /// Asked once while the tests are planned, before any runs, so this one blocking wait
    /// holds up no other test.
    static let alpacaPyInstalled: Bool = {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import alpaca.trading.client"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }()

    /// docs/RUN.md's promise, checked with the real SDK when it is installed (`pip install
    /// alpaca-py`): account, clock, bars, a market order, the order list, a fill after one bar.
    @Test(.enabled(if: alpacaPyInstalled, "alpaca-py is not installed"), .timeLimit(.minutes(1)))
    func alpacaPyWorksWithTheKeysTheSimulatorPrinted() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let sim = try SimProcess(["--key-id", "PKSIMTEST01", "--secret-key", "my-sim-secret-1"], dir: dir)
        let (_, keys) = try await sim.started()
        let smoke = try await ScriptsSupport.run("/usr/bin/env", ["python3", ScriptsSupport.script("alpaca_py_smoke.py"), "--advance"],
                                           environment: keys)
        try await sim.stop()
        #expect(smoke.status == 0, "\(smoke.output)")
        #expect(smoke.stdout.contains("alpaca-py works against algobot sim"), "\(smoke.output)")
    }
}
