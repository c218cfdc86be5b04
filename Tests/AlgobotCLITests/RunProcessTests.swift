import Audit
import Foundation
import MarketData
import Runtime
import Testing
import Vocabulary

/// `algobot run`, `algobot data fetch` and `algobot sim` as a user runs them: the built binary,
/// from the package folder, with no keys.
@Suite struct RunProcessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func plainRunTradesTheBuiltInSimulator() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let result = try await Self.algobot(["run", "--max-bars", "6", "--speed", "40", "--state", dir.file("state"),
                                             "--env-file", dir.file("none.env")], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("built-in simulator"))
        let lines = result.stdout.split(separator: "\n").filter { $0.contains("equity") }
        #expect(lines.count == 6)
        #expect(lines.allSatisfy { $0.contains("SPY") && $0.contains("broker healthy") })
        #expect(result.stdout.contains("run completed") || result.stdout.contains("run interrupted"))
        let state = StateFolder(dir.file("state"))
        #expect(try AuditVerifier.verify(path: state.audit).ok)
        let status = try RunStatus.read(path: state.status)
        #expect(!status.running)
        #expect(status.broker == "sim")
        #expect(status.barsProcessed == 6)
        #expect(status.reconciliationOK == true)
    }

    @Test func liveTradingURLsAndMissingKeysAreRefused() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let missing = try await Self.algobot(["run", "--broker", "alpaca", "--state", dir.file("state"),
                                              "--env-file", dir.file("none.env")], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("APCA_API_KEY_ID"))
        try "APCA_API_KEY_ID=PKFAKE0000000001\nAPCA_API_SECRET_KEY=fake-secret-0001\nAPCA_API_BASE_URL=https://api.alpaca.markets\n"
            .write(toFile: dir.file("live.env"), atomically: true, encoding: .utf8)
        let live = try await Self.algobot(["run", "--state", dir.file("state"), "--env-file", dir.file("live.env")], in: dir)
        #expect(live.status == 1)
        #expect(live.stderr.contains("Live trading is not allowed"))
        #expect(!(live.stdout + live.stderr).contains("fake-secret-0001"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("state/audit.jsonl")))
    }

    @Test func dryRunDecidesButSendsNothing() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let strategy = dir.file("dip.yaml")
        try """
        strategy: dip-spy
        symbols: [SPY]
        rules:
          - id: buy-dip
            when: close < sma(close, 3)
            action: buy
            size: { shares: 1 }
        """.write(toFile: strategy, atomically: true, encoding: .utf8)
        // Mode and state from the environment (settings), the advisor from a flag.
        let result = try await Self.algobot(["run", "--strategy", strategy, "--max-bars", "15", "--speed", "40",
                                             "--advisor", "template", "--env-file", dir.file("none.env")], in: dir,
                                            environment: ["ALGOBOT_MODE": "dry-run", "ALGOBOT_STATE": dir.file("state")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("DRY RUN"))
        let records = try AuditReader(path: StateFolder(dir.file("state")).audit).readAll()
        let notes = records.compactMap { r -> AdvisorNoteRecord? in if case .advisorNote(let n) = r.body { return n } else { return nil } }
        let submitted = records.compactMap { r -> OrderSubmitted? in if case .orderSubmitted(let s) = r.body { return s } else { return nil } }
        let updates = records.compactMap { r -> OrderUpdate? in if case .orderUpdate(let u) = r.body { return u } else { return nil } }
        let decisions = records.compactMap { r -> DecisionRecord? in if case .decision(let d) = r.body { return d } else { return nil } }
        #expect(!decisions.isEmpty)
        #expect(decisions.allSatisfy { $0.mode == .dryRun })
        #expect(submitted.allSatisfy { $0.broker == "dry-run" })
        #expect(updates.allSatisfy { $0.status == "dry_run" })
        #expect(!records.contains { if case .fill = $0.body { return true } else { return false } })
        #expect(notes.count == decisions.count, "every decision gets an advisor note")
        #expect(notes.allSatisfy { $0.status == "ok" && !$0.text.isEmpty })
        if case .runEnd? = records.last?.body {} else { Issue.record("the last record must be run_end") }
    }

    /// A strategy whose entries a live run cannot place (a fractional stop order: Alpaca takes
    /// fractional shares in market and day limit orders only) is refused by a live run, pointing
    /// at the rule, before a simulator starts or anything is written: never trade it changed.
    @Test func aStrategyWhoseExitsALiveRunCannotPlaceIsRefused() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let strategy = dir.file("stop-fraction.yaml")
        try """
            strategy: stop-fraction
            symbols: [SPY]
            timeframe: 1Day
            rules:
              - id: enter-long
                when: close < sma(close, 3)
                action: buy
                size: { percent_of_equity: 50, fractional: true }
                order: { type: stop, stop: "close * 1.01", time_in_force: gtc }

            """.write(toFile: strategy, atomically: true, encoding: .utf8)
        let result = try await Self.algobot(["run", "--strategy", strategy, "--max-bars", "3", "--speed", "40",
                                             "--state", dir.file("state"), "--env-file", dir.file("none.env")], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("algobot run: \(strategy):9:5: rule 'enter-long' sends fractional shares in a stop gtc "
            + "order, which Alpaca refuses (fractional orders are market or day limit orders); remove fractional: true, or use "
            + "type: limit with time_in_force: day"), "\(result.stderr)")
        #expect(!result.stderr.contains("built-in simulator"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("state")))
    }

    @Test func dataFetchFromTheSimulatorStoresOnlyWhatIsMissing() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let db = dir.file("bars.sqlite")
        let common = ["data", "fetch", "--broker", "sim", "--symbols", "SPY,QQQ", "--from", "2020-01-01", "--db", db,
                      "--data", Self.root + "/data/daily"]
        let first = try await Self.algobot(common + ["--to", "2020-02-14"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await Self.algobot(common + ["--to", "2020-03-31"], in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        let store = try BarStore(path: db)
        let expected = try BarLoader.load(path: Self.root + "/data/daily", symbols: ["SPY"], from: "2020-01-01", to: "2020-03-31").series[0]
        let stored = try store.series(symbol: "SPY")
        #expect(stored.times == expected.times)
        #expect(stored.close == expected.close)
        #expect(second.stdout.contains("SPY 1Day: \(expected.times.filter { $0 > CivilDate.days(year: 2020, month: 2, day: 14) * 86_400 }.count) new"))
        let again = try await Self.algobot(common + ["--to", "2020-03-31"], in: dir)
        #expect(again.stdout.contains("SPY 1Day: 0 new") || again.stdout.contains("already stored"))
    }

    @Test func dataFetchFillsAHoleBetweenTwoStoredStretches() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let db = dir.file("bars.sqlite")
        let common = ["data", "fetch", "--broker", "sim", "--symbols", "SPY", "--db", db, "--data", Self.root + "/data/daily"]
        for (from, to) in [("2019-10-01", "2019-10-31"), ("2020-01-01", "2020-01-31"), ("2019-10-01", "2020-01-31")] {
            let run = try await Self.algobot(common + ["--from", from, "--to", to], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let expected = try BarLoader.load(path: Self.root + "/data/daily", symbols: ["SPY"], from: "2019-10-01", to: "2020-01-31").series[0]
        let stored = try BarStore(path: db).series(symbol: "SPY")
        #expect(stored.times == expected.times)
        #expect(stored.close == expected.close)
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built binary from the package folder and waits (at most a minute).
    /// The built binary: next to the test bundle, or under the package's `.build/debug`.
    static var binaryPath: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let nextToTests = runner.appendingPathComponent("algobot").path
        return FileManager.default.isExecutableFile(atPath: nextToTests) ? nextToTests : root + "/.build/debug/algobot"
    }

    /// Runs the binary in the repository (or in `workingDirectory`, e.g. one holding a `.env`).
    static func algobot(_ arguments: [String], in dir: CLITempDir, environment extra: [String: String] = [:],
                        workingDirectory: String? = nil) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaryPath)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("APCA_") && !$0.key.hasPrefix("ALGOBOT_") }
            .merging(extra) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory ?? root)
        let run = try await ChildProcess.run(process, stdin: nil, limit: 60)
        return Outcome(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }
}
