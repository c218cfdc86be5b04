import Alpaca
import AlpacaSimulator
import Audit
import Engine
import Foundation
import Logging
import MarketData
import Policy
import RuleLanguage
import Runtime
import Testing
import Vocabulary

/// `algobot approvals approve` and `algobot sim` as separate processes, against a simulator.
@Suite struct ApproveProcessTests {
    static let root = RunProcessTests.root

    static var quiet: Logger {
        var logger = Logger(label: "test.alpaca")
        logger.logLevel = .critical
        return logger
    }

    /// A `needs_approval` decision of strategies/sma.yaml: buy $12,000 of SPY on 2020-07-10.
    static func queueDecision(in folder: StateFolder) throws -> String {
        let linter = Linter()
        let strategy = try linter.strategy(at: root + "/strategies/sma.yaml")
        let core = TradingCore(strategy: StrategyCompiler.compile(strategy),
                               policy: CompiledPolicy(try linter.policy(at: root + "/rules/limits.yaml")), symbols: strategy.symbols)
        let intent = OrderIntent(strategy: strategy.name, symbol: "SPY", ruleId: "enter-long",
                                 time: CivilDate.days(year: 2020, month: 7, day: 10) * 86_400, utcOffset: nil, side: .buy, action: .buy,
                                 qty: nil, notional: 12_000, price: 317.59, fractional: false)
        let decision = core.decide(intent, account: AccountSnapshot(cash: 20_000, equity: 20_000, dayStartEquity: 20_000,
                                                                    grossExposure: 0, position: 0, mark: 317.59))
        let rule = core.strategy.rules.first { $0.id == "enter-long" }!
        let record = DecisionRecords(mode: .paper, strategy: FileRef(name: strategy.name, file: "strategies/sma.yaml", sha256: ""),
                                     policy: FileRef(name: "default-limits", file: "rules/limits.yaml", sha256: ""))
            .record(decision, rule: rule, observed: [])
        try folder.create()
        let queue = try ApprovalQueue(path: folder.approvals, auditLog: try AuditLog(path: folder.audit))
        try queue.enqueue(decision: record, decidedAt: intent.timeText, expiresAt: "2020-07-15T20:00:00Z")
        return record.order.orderId
    }

    @Test func approveRechecksAgainstTheBrokerAndFailsClosed() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let spy = try BarLoader.load(path: Self.root + "/data/daily", symbols: ["SPY"]).series
        let sim = try AlpacaSimulator(config: SimulatorConfig(startingCash: 20_000, clock: ClockConfig(startDate: "2020-07-10"),
                                                             rateLimitPerMinute: 0), series: spy)
        let port = try await sim.start()
        let url = "http://127.0.0.1:\(port)"
        let folder = StateFolder(dir.file("state"))
        let id = try Self.queueDecision(in: folder)
        let common = ["--state", folder.path, "--strategy", Self.root + "/strategies/sma.yaml",
                      "--policy", Self.root + "/rules/limits.yaml", "--by", "tester", "--retries", "1", "--timeout", "20"]

        // The broker cannot be read: nothing is approved.
        let down = try await RunProcessTests.algobot(["approvals", "approve", id, "--broker", "sim", "--sim-url", "http://127.0.0.1:1"]
                                                     + common, in: dir)
        #expect(down.status == 1)
        #expect(down.stderr.contains("Nothing was approved"))
        let queue = try ApprovalQueue(path: folder.approvals)
        #expect(try queue.item(id: id, now: "2020-07-10T21:00:00Z").state == .pending)

        // The account already holds $19,000 of SPY: $12,000 more would pass the $25,000 limit.
        let client = try AlpacaClient(configuration: AlpacaConfiguration(
            tradingBaseURL: URL(string: url)!, dataBaseURL: URL(string: url)!,
            credentials: Credentials(keyID: SimulatorConfig.defaultKeyID, secretKey: SimulatorConfig.defaultSecretKey),
            logger: Self.quiet), environment: [:])
        _ = try await client.submitOrder(OrderRequest(symbol: "SPY", side: .buy, amount: .qty(DecimalString("60")!)))
        sim.advance(bars: 1)
        let blocked = try await RunProcessTests.algobot(["approvals", "approve", id, "--sim-url", url] + common, in: dir)
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("re-check now says block"))
        #expect(blocked.stdout.contains("max_position_per_symbol"))
        #expect(try queue.item(id: id, now: "2020-07-13T21:00:00Z").state == .recheckBlocked)
        let actions = try AuditReader(path: folder.audit).readAll().compactMap { r -> String? in
            if case .approval(let a) = r.body { return a.action.rawValue } else { return nil }
        }
        #expect(actions == ["queued", "recheck_blocked"])

        // A second decision, with the position sold: approved.
        _ = try await client.submitOrder(OrderRequest(symbol: "SPY", side: .sell, amount: .qty(DecimalString("60")!)))
        sim.advance(bars: 1)
        let other = try Self.queueSecondDecision(in: folder)
        let approved = try await RunProcessTests.algobot(["approvals", "approve", other, "--sim-url", url, "--note", "ok"] + common, in: dir)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("approved by tester"))
        try await client.shutdown()
        await sim.stop()
        #expect(try AuditVerifier.verify(path: folder.audit).ok)
    }

    /// Issue 12, defect 8: `--policy other.yaml` used to re-check with a policy the bot does not
    /// run ("…allows it, so it will be sent"), and the bot then blocked the order. The bot's
    /// policy is the one its run_start names; another is refused, a copy of it is accepted.
    @Test func approveRechecksWithThePolicyTheBotRuns() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let spy = try BarLoader.load(path: Self.root + "/data/daily", symbols: ["SPY"]).series
        let sim = try AlpacaSimulator(config: SimulatorConfig(startingCash: 20_000, clock: ClockConfig(startDate: "2020-07-10"),
                                                             rateLimitPerMinute: 0), series: spy)
        let port = try await sim.start()
        let url = "http://127.0.0.1:\(port)"
        let folder = StateFolder(dir.file("state"))
        let id = try Self.queueDecision(in: folder)
        let limits = Self.root + "/rules/limits.yaml"
        let running = try AuditLog(path: folder.audit)
        _ = try running.append(.runStart(RunStart(
            runId: "paper:sma-crossover:2020-07-10T21:00:00Z", mode: .paper,
            strategy: FileRef(name: "sma-crossover", file: Self.root + "/strategies/sma.yaml", sha256: ""),
            policy: FileRef(name: "default-limits", file: limits, sha256: try #require(FileDigest.sha256(path: limits))),
            config: [:], versions: [:], dataFiles: [])), at: "2020-07-10T21:00:00Z")
        try running.close()
        // The account already holds $19,000 of SPY: the bot's $25,000 limit blocks $12,000 more,
        // a policy with a $50,000 limit would not.
        let client = try AlpacaClient(configuration: AlpacaConfiguration(
            tradingBaseURL: URL(string: url)!, dataBaseURL: URL(string: url)!,
            credentials: Credentials(keyID: SimulatorConfig.defaultKeyID, secretKey: SimulatorConfig.defaultSecretKey),
            logger: Self.quiet), environment: [:])
        _ = try await client.submitOrder(OrderRequest(symbol: "SPY", side: .buy, amount: .qty(DecimalString("60")!)))
        sim.advance(bars: 1)
        let limitsText = try String(contentsOfFile: limits, encoding: .utf8)
        let other = dir.file("other.yaml"), copy = dir.file("copy-of-limits.yaml")
        try limitsText.replacingOccurrences(of: "{ notional: 25000 }", with: "{ notional: 50000 }")
            .write(toFile: other, atomically: true, encoding: .utf8)
        try limitsText.write(toFile: copy, atomically: true, encoding: .utf8)
        let common = ["--state", folder.path, "--strategy", Self.root + "/strategies/sma.yaml", "--by", "tester",
                      "--sim-url", url, "--retries", "1", "--timeout", "20"]

        let refused = try await RunProcessTests.algobot(["approvals", "approve", id, "--policy", other] + common, in: dir)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--policy \(other) (sha256 "), "\(refused.stderr)")
        #expect(refused.stderr.contains("is not the policy the bot runs: \(limits) (sha256 \(FileDigest.sha256(path: limits)!.prefix(12))"))
        #expect(refused.stderr.contains("Nothing was approved"))
        #expect(!refused.stdout.contains("will be sent"))
        let queue = try ApprovalQueue(path: folder.approvals)
        #expect(try queue.item(id: id, now: "2020-07-13T21:00:00Z").state == .pending)

        // The same policy under another name is the bot's policy: re-checked, and blocked by its limit.
        let checked = try await RunProcessTests.algobot(["approvals", "approve", id, "--policy", copy] + common, in: dir)
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("re-check now says block"), "\(checked.stdout)\(checked.stderr)")
        #expect(try queue.item(id: id, now: "2020-07-13T21:00:00Z").state == .recheckBlocked)
        let actions = try AuditReader(path: folder.audit).readAll().compactMap { r -> String? in
            if case .approval(let a) = r.body { return a.action.rawValue } else { return nil }
        }
        #expect(actions == ["queued", "recheck_blocked"])
        try await client.shutdown()
        await sim.stop()
    }

    /// The same order decided on 2020-07-14 (a later bar), so it is still open at the simulator's time.
    static func queueSecondDecision(in folder: StateFolder) throws -> String {
        let linter = Linter()
        let strategy = try linter.strategy(at: root + "/strategies/sma.yaml")
        let core = TradingCore(strategy: StrategyCompiler.compile(strategy),
                               policy: CompiledPolicy(try linter.policy(at: root + "/rules/limits.yaml")), symbols: strategy.symbols)
        let intent = OrderIntent(strategy: strategy.name, symbol: "SPY", ruleId: "enter-long",
                                 time: CivilDate.days(year: 2020, month: 7, day: 14) * 86_400, utcOffset: nil, side: .buy, action: .buy,
                                 qty: nil, notional: 12_000, price: 318.92, fractional: false)
        let decision = core.decide(intent, account: AccountSnapshot(cash: 20_000, equity: 20_000, dayStartEquity: 20_000,
                                                                    grossExposure: 0, position: 0, mark: 318.92))
        let record = DecisionRecords(mode: .paper, strategy: FileRef(name: strategy.name, file: "strategies/sma.yaml", sha256: ""),
                                     policy: FileRef(name: "default-limits", file: "rules/limits.yaml", sha256: ""))
            .record(decision, rule: core.strategy.rules.first { $0.id == "enter-long" }!, observed: [])
        let queue = try ApprovalQueue(path: folder.approvals, auditLog: try AuditLog(path: folder.audit))
        try queue.enqueue(decision: record, decidedAt: intent.timeText, expiresAt: "2020-07-16T20:00:00Z")
        return record.order.orderId
    }

    @Test func simCommandServesTheAlpacaAPIUntilSignalled() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RunProcessTests.binaryPath)
        process.arguments = ["sim", "--port", "0", "--speed", "0", "--symbols", "SPY,QQQ", "--data", Self.root + "/data/daily"]
        let out = dir.file("sim.out")
        FileManager.default.createFile(atPath: out, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: dir.file("sim.err"))
        try process.run()
        var url = ""
        for _ in 0..<500 where url.isEmpty {
            url = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(url.hasPrefix("http://127.0.0.1:"))
        let client = try AlpacaClient(configuration: AlpacaConfiguration(
            tradingBaseURL: URL(string: url)!, dataBaseURL: URL(string: url)!,
            credentials: Credentials(keyID: SimulatorConfig.defaultKeyID, secretKey: SimulatorConfig.defaultSecretKey),
            logger: Self.quiet), environment: [:])
        let account = try await client.account()
        #expect(account.cash.doubleValue == 10_000)
        let clock = try await client.clock()
        #expect(!clock.isOpen)
        try await client.shutdown()
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<500 where process.isRunning { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }
}
