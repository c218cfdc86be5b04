import Alpaca
import AlpacaSimulator
import Audit
import Engine
import Foundation
import Logging
import MarketData
import Policy
import RuleLanguage
@testable import Runtime

/// A simulator with a manual clock, a client pointed at it, and a `LiveRunner` running in a
/// task; the test moves the clock and waits for the runner to process each bar.
final class RunnerHarness: @unchecked Sendable {
    let sim: AlpacaSimulator
    let client: AlpacaClient
    let dir: TempDir
    let state: StateFolder
    let core: () throws -> TradingCore
    let strategyPath: String
    let policyPath: String
    /// The current run's stop signal (a new one for each run after the first has stopped).
    private(set) var stop = StopSignal()
    private let lock = NSLock()
    private var lineStore: [String] = []
    private var task: Task<LiveRunner.Summary, Error>?

    static let fastRetry = RetryPolicy(baseDelay: .milliseconds(5), multiplier: 2, maxDelay: .milliseconds(20), maxAttempts: 3,
                                       totalDeadline: .seconds(10), jitter: 0)

    init(series: [BarSeries], strategy: String, policy: String, cash: Decimal = 20_000, startIndex: Int = 10,
         faults: FaultPlan = FaultPlan(), shorting: Bool = false, dir: TempDir = TempDir()) async throws {
        let config = SimulatorConfig(startingCash: cash, clock: ClockConfig(mode: .manual, startIndex: startIndex),
                                     rateLimitPerMinute: 0, faults: faults, shortingEnabled: shorting)
        sim = try AlpacaSimulator(config: config, series: series)
        let port = try await sim.start()
        let url = URL(string: "http://127.0.0.1:\(port)")!
        var logger = Logger(label: "test.alpaca")
        logger.logLevel = .critical
        client = try AlpacaClient(configuration: AlpacaConfiguration(
            tradingBaseURL: url, dataBaseURL: url,
            credentials: Credentials(keyID: SimulatorConfig.defaultKeyID, secretKey: SimulatorConfig.defaultSecretKey),
            timeouts: Timeouts(connect: .seconds(2), request: .seconds(2)), retryPolicy: Self.fastRetry, logger: logger),
            environment: [:])
        self.dir = dir
        state = StateFolder(dir.file("state"))
        strategyPath = Fixtures.path(strategy)
        policyPath = Fixtures.path(policy)
        let strategyPath = self.strategyPath, policyPath = self.policyPath
        core = {
            let linter = Linter()
            let checked = try linter.strategy(at: strategyPath)
            return TradingCore(strategy: StrategyCompiler.compile(checked), policy: CompiledPolicy(try linter.policy(at: policyPath)),
                               symbols: checked.symbols)
        }
    }

    /// Builds a harness, runs `body`, and always shuts everything down.
    static func run(series: [BarSeries], strategy: String, policy: String, cash: Decimal = 20_000, startIndex: Int = 10,
                    faults: FaultPlan = FaultPlan(), shorting: Bool = false,
                    _ body: (RunnerHarness) async throws -> Void) async throws {
        let harness = try await RunnerHarness(series: series, strategy: strategy, policy: policy, cash: cash,
                                              startIndex: startIndex, faults: faults, shorting: shorting)
        do {
            try await body(harness)
        } catch {
            await harness.shutdown()
            throw error
        }
        await harness.shutdown()
    }

    var broker: AlpacaBroker { AlpacaBroker(client: client, kind: "sim") }

    func options(_ tweak: (inout LiveRunner.Options) -> Void = { _ in }) -> LiveRunner.Options {
        var options = LiveRunner.Options()
        options.state = state
        options.strategyPath = strategyPath
        options.policyPath = policyPath
        options.pollInterval = 0.005
        options.mismatchConfirmDelay = 0.01
        options.secrets = .none
        options.output = { [weak self] line in self?.record(line) }
        tweak(&options)
        return options
    }

    /// Starts a runner (a new "process" on the same state folder).
    func start(broker: (any LiveBroker)? = nil, _ tweak: (inout LiveRunner.Options) -> Void = { _ in }) throws {
        if stop.isRequested { stop = StopSignal() }
        var logger = Logger(label: "test.runtime")
        logger.logLevel = .critical
        let core = try core()
        let runner = try LiveRunner(core: core, strategy: FileRef(name: core.strategy.source.name, file: strategyPath, sha256: ""),
                                    policy: FileRef(name: core.policy.source.name, file: policyPath, sha256: ""),
                                    broker: broker ?? self.broker, options: options(tweak), stop: stop, logger: logger)
        task = Task { try await runner.run() }
    }

    /// Stops the runner after its current step and returns its summary.
    func finish() async throws -> LiveRunner.Summary {
        stop.request()
        guard let task else { throw CancellationError() }
        let summary = try await task.value
        self.task = nil
        return summary
    }

    func shutdown() async {
        if task != nil { _ = try? await finish() }
        try? await client.shutdown()
        await sim.stop()
        dir.remove()
    }

    private func record(_ line: String) {
        lock.lock()
        lineStore.append(line)
        lock.unlock()
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lineStore
    }

    /// Waits until the runner has printed `count` status lines in all.
    func waitForLines(_ count: Int, timeout: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while lines.count < count {
            if Date() > deadline { throw HarnessError.timeout("\(count) status lines (got \(lines.count))") }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
    }

    /// Moves the clock one bar and waits for the runner to process it.
    func step() async throws {
        let before = lines.count
        sim.advance(bars: 1)
        try await waitForLines(before + 1)
    }

    func records() throws -> [AuditRecord] { try AuditReader(path: state.audit).readAll() }

    /// Shares per symbol the simulator holds.
    var brokerHoldings: [String: Double] {
        Dictionary(uniqueKeysWithValues: sim.state().positions.map { ($0.symbol, Double($0.qty) ?? .nan) })
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case timeout(String)
    var description: String {
        switch self {
        case .timeout(let what): return "timed out waiting for \(what)"
        }
    }
}
