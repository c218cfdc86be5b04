import Alpaca
import AlpacaSimulator
import ArgumentParser
import Audit
import Engine
import Foundation
import Logging
import Policy
import Report
import RuleLanguage
import Runtime

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Trade the strategy live: on an Alpaca paper account, or on the built-in simulator.",
        discussion: """
        With no keys and no flags it runs against the built-in simulator over the bundled history
        (data/daily), so you can watch decisions flow. With APCA_API_KEY_ID and APCA_API_SECRET_KEY
        set (environment or .env) it trades your Alpaca *paper* account; live trading is refused.
        One status line per bar on standard output; state/status.json for `algobot status`.
        Ctrl-C (or SIGTERM) finishes the current bar, writes run_end and closes the audit log.
        See docs/RUN.md.
        """)

    @Option(help: "alpaca (paper account) or sim (simulator). Default: alpaca when paper keys are set, otherwise sim.")
    var broker: BrokerChoice?

    @Flag(help: "Decide and record, never send an order.")
    var dryRun = false

    @Option(help: "Replay these bars (CSV file, folder or bar database) on the built-in simulator.")
    var replay: String?

    @Option(help: "Built-in simulator speed: at most this many bars per second (never faster than the bot keeps up).")
    var speed: Double = 5

    @Option(help: "First simulated day (YYYY-MM-DD); earlier bars are warm-up history. Default: a year before the data ends.")
    var start: String?

    @Option(help: "Starting cash of the built-in simulator's account, in dollars.")
    var cash: Double = 10_000

    @Option(help: "Use a simulator that is already running (`algobot sim`) at this URL.")
    var simURL: String?

    @Option(help: "Strategy file.")
    var strategy = "strategies/sma.yaml"

    @Option(help: "Policy file with the risk limits.")
    var policy = "rules/limits.yaml"

    @Option(help: "Folder for the audit log, approvals, status file and HALT switch.")
    var state = "state"

    @Option(help: "Stop after this many bars (bar times).")
    var maxBars: Int?

    @Option(help: "Seconds between polls of the broker (default: 15 for Alpaca, fast for the simulator).")
    var poll: Double?

    @Option(help: "Alpaca market-data feed: iex (free) or sip.")
    var feed = "iex"

    @Option(help: "Seconds after a bar's close before it counts as final (default: 60 for Alpaca, 0 for the simulator).")
    var settle: Int?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var logs: LogOptions

    func validate() throws {
        if replay != nil && broker == .alpaca { throw ValidationError("--replay runs on the simulator; drop --broker alpaca") }
        if simURL != nil && broker == .alpaca { throw ValidationError("--sim-url is for --broker sim") }
        if simURL != nil && replay != nil { throw ValidationError("--replay starts its own simulator; drop --sim-url") }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number of bars per second") }
        guard cash > 0, cash.isFinite else { throw ValidationError("--cash must be a positive amount") }
        if let maxBars, maxBars < 1 { throw ValidationError("--max-bars must be at least 1") }
        if let poll, !(poll > 0) { throw ValidationError("--poll must be a positive number of seconds") }
        if let settle, settle < 0 { throw ValidationError("--settle must be zero or more seconds") }
    }

    func run() throws {
        try Console.run {
            let checked = try loadRules()
            let choice: BrokerChoice = replay != nil || simURL != nil ? .sim
                : broker ?? (BrokerConnection.keysAvailable(envFile: connection.envFile) ? .alpaca : .sim)
            let summary = try AsyncBridge.run { try await self.trade(checked, choice: choice) }
            Console.out("run \(summary.status): \(summary.bars) bars, \(summary.decisions) decisions, \(summary.ordersSent) orders sent, "
                + "\(summary.fills) fills. Audit log: \(StateFolder(state).audit)\n")
            if summary.status == "failed" { throw ExitCode(1) }
        }
    }

    private func loadRules() throws -> (CheckedStrategy, CheckedPolicy) {
        do {
            let linter = Linter()
            return (try linter.strategy(at: strategy), try linter.policy(at: policy))
        } catch let error as RuleFileError {
            throw CLIFailure(error.description)
        }
    }

    private func trade(_ rules: (CheckedStrategy, CheckedPolicy), choice: BrokerChoice) async throws -> LiveRunner.Summary {
        let (strategyRules, policyRules) = rules
        // Logging first, so every logger (the client's too) masks the keys, even from `.env`.
        let keys = choice == .alpaca
            ? (try? Credentials.load(environment: ProcessInfo.processInfo.environment, dotEnvPath: connection.envFile))
            : nil
        logs.bootstrap(secrets: keys.map { [$0.keyID, $0.secretKey] } ?? [])
        var simulator: AlpacaSimulator?
        var pacer: SimPacer?
        let link: BrokerConnection
        var banner: String
        switch choice {
        case .alpaca:
            link = try BrokerConnection.alpaca(connection)
            banner = "paper trading on Alpaca (\(link.url))"
        case .sim:
            if let simURL {
                link = try BrokerConnection.simulator(url: simURL, connection)
                banner = "trading on the simulator at \(simURL)"
            } else {
                let data = replay ?? "data/daily"
                let series = try SimulatorLauncher.load(data: data, symbols: strategyRules.symbols)
                let index = SimulatorLauncher.defaultStartIndex(series, lookback: strategyRules.lookback)
                let clock = ClockConfig(mode: .manual, startIndex: index, startDate: start)
                let config = SimulatorConfig(startingCash: Decimal(cash), clock: clock, rateLimitPerMinute: 0)
                let (sim, url) = try await SimulatorLauncher.start(series, config: config)
                simulator = sim
                pacer = SimPacer(simulator: sim, barsPerSecond: speed)
                link = try BrokerConnection.simulator(url: url, connection)
                let from = start ?? SimulatorLauncher.describeStart(series, index: index)
                banner = "trading on the built-in simulator over \(data) from \(from) at \(speed) bars/s with \(Money.text(cash))"
            }
        }
        Console.error("algobot run: \(dryRun ? "DRY RUN (no order is sent), " : "")\(banner). "
            + "Status: \(StateFolder(state).status). Stop: Ctrl-C.")
        let core = TradingCore(strategy: StrategyCompiler.compile(strategyRules), policy: CompiledPolicy(policyRules),
                               symbols: strategyRules.symbols)
        let stop = StopSignal()
        stop.trapSignals { _ in Console.error("algobot run: stopping after the current bar…") }
        let runner = try LiveRunner(core: core, strategy: fileRef(strategyRules.name, strategy),
                                    policy: fileRef(policyRules.name, policy),
                                    broker: dryRun ? DryRunBroker(reads: link.broker) : link.broker,
                                    options: runnerOptions(link: link, simulator: simulator, pacer: pacer), stop: stop)
        pacer?.start()
        do {
            let summary = try await runner.run()
            pacer?.stop()
            await link.shutdown()
            await simulator?.stop()
            return summary
        } catch {
            pacer?.stop()
            await link.shutdown()
            await simulator?.stop()
            throw CLIFailure("algobot run: \(error)")
        }
    }

    private func runnerOptions(link: BrokerConnection, simulator: AlpacaSimulator?, pacer: SimPacer?) -> LiveRunner.Options {
        var options = LiveRunner.Options()
        options.mode = dryRun ? .dryRun : .paper
        options.state = StateFolder(state)
        options.strategyPath = strategy
        options.policyPath = policy
        options.maxBars = maxBars
        options.pollInterval = poll ?? (link.kind == "alpaca" ? 15 : (simulator != nil ? min(0.1, 0.25 / speed) : 0.5))
        options.barSettleSeconds = Int64(settle ?? (link.kind == "alpaca" ? 60 : 0))
        options.dataFeed = link.kind == "alpaca" ? feed : nil
        options.brokerURL = link.url
        options.storeBars = link.kind == "alpaca"
        options.secrets = SecretRedactor(secrets: SecretRedactor.fromProcessEnvironment().secrets + link.secrets)
        options.versions = ["algobot": AlgobotVersion.current]
        options.config = ["strategy": strategy, "policy": policy, "broker_url": link.url, "dry_run": String(dryRun),
                          "poll_seconds": String(options.pollInterval)]
        if let replay { options.config["replay"] = replay }
        if let simulator {
            options.config["speed"] = String(speed)
            options.isFinished = { simulator.state().atEnd }
        }
        options.output = { line in
            Console.out(line + "\n")
            pacer?.barDone()
        }
        return options
    }

    private func fileRef(_ name: String, _ path: String) -> FileRef {
        FileRef(name: name, file: path, sha256: FileDigest.sha256(path: path) ?? "")
    }
}
