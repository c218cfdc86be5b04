import Advisor
import Alpaca
import AlpacaSimulator
import Audit
import Engine
import Foundation
import Jobs
import Notify
import Policy
import Report
import RuleLanguage
import Runtime
import Vocabulary

/// One `algobot run`: the settings resolved (flag > environment > algobot.yaml > default), then
/// the broker (Alpaca, a simulator at a URL, or the built-in one), the advisor and the runner.
struct RunSession: @unchecked Sendable {
    let command: RunCommand
    let settings: EffectiveSettings
    let strategy: CheckedStrategy
    let policy: CheckedPolicy
    let strategyPath: String
    let policyPath: String
    let symbols: [String]
    let broker: BrokerChoice
    let dryRun: Bool
    let replayData: String
    let speed: Double
    let folder: StateFolder
    let expiry: ApprovalExpiry
    let advisorKind: AdvisorKind

    init(settings: EffectiveSettings, command: RunCommand) throws {
        self.command = command
        self.settings = settings
        strategyPath = settings["strategy_file"] ?? "strategies/sma.yaml"
        policyPath = settings["policy_file"] ?? "rules/limits.yaml"
        do {
            let linter = Linter()
            strategy = try linter.strategy(at: strategyPath)
            policy = try linter.policy(at: policyPath)
        } catch let error as RuleFileError {
            throw CLIFailure(error.description)
        }
        // The live runner does not hand the strategy each bar's session yet: vwap would never
        // have a value, and its rules would silently never fire. Refuse instead.
        if let rule = strategy.rules.first(where: { $0.condition.readsSessions }) {
            throw CLIFailure("algobot run: \(rule.location.description): rule '\(rule.id)' uses vwap, which live and paper runs "
                + "do not support yet (the runner does not pass bar sessions to the strategy); backtest it with 'algobot backtest'")
        }
        symbols = Self.explicit(settings, "symbols").map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            ?? strategy.symbols
        // `mode: sim` is paper trading on the simulator; otherwise the setting is a run's `Mode`.
        let mode = Self.explicit(settings, "mode")
        let onSimulator = mode == BrokerChoice.sim.rawValue
        let runMode = mode.flatMap(Mode.init(rawValue:))
        if let mode, !onSimulator, runMode != .paper, runMode != .dryRun {
            throw CLIFailure("algobot run: mode '\(mode)' is not sim, paper or dry-run")
        }
        let named = try Self.explicit(settings, "broker").map { text -> BrokerChoice in
            guard let choice = BrokerChoice(rawValue: text) else { throw CLIFailure("algobot run: broker '\(text)' is not alpaca or sim") }
            return choice
        }
        let flagged = command.simURL != nil || command.replay != nil ? BrokerChoice.sim : command.broker
        if let flagged {
            broker = flagged
        } else if onSimulator {
            broker = .sim
        } else if runMode == .paper {
            broker = named ?? .alpaca
        } else {
            broker = named ?? (BrokerConnection.keysAvailable(envFile: command.connection.envFile) ? .alpaca : .sim)
        }
        dryRun = runMode == .dryRun
        replayData = settings["replay.data"] ?? settings["data"] ?? "data/daily"
        guard let speed = Double(settings["replay.speed"] ?? "20"), speed > 0, speed.isFinite else {
            throw CLIFailure("algobot run: replay.speed must be a positive number of bars per second")
        }
        self.speed = speed
        folder = StateOptions.folder(settings: settings)
        if let minutes = settings["approvals.expire_after_minutes"] {
            guard let value = Int(minutes), value > 0 else {
                throw CLIFailure("algobot run: approvals.expire_after_minutes must be a whole number of minutes")
            }
            expiry = .after(seconds: value * 60)
        } else {
            expiry = .default
        }
        do {
            advisorKind = try AdvisorKind(parsing: settings["advisor.kind"] ?? "off")
        } catch {
            throw CLIFailure("algobot run: \(error)")
        }
    }

    /// A setting's value when a flag, the environment or the settings file gave it (not a default).
    static func explicit(_ settings: EffectiveSettings, _ key: String) -> String? {
        guard let entry = settings.entries.first(where: { $0.key == key }), entry.source != .defaultValue else { return nil }
        return entry.value
    }

    func trade() async throws -> LiveRunner.Summary {
        // Logging first, so every logger (the client's too) masks the keys, even from `.env`.
        let environment = ProcessInfo.processInfo.environment
        let dotEnv = (try? DotEnv.load(path: command.connection.envFile)) ?? [:]
        let keys = broker == .alpaca ? try? Credentials.load(environment: environment, dotEnvPath: command.connection.envFile) : nil
        let targets = try NotifySetup.targets(settings.notify, environment: environment, dotEnv: dotEnv)
        let secrets = (keys.map { [$0.keyID, $0.secretKey] } ?? []) + [dotEnv["LLM_API_KEY"]].compactMap { $0 } + targets.map(\.url)
        command.logs.bootstrap(settings: settings, secrets: secrets)
        let simulated = try await simulatorIfNeeded()
        let link: BrokerConnection
        do {
            link = try broker == .alpaca ? BrokerConnection.alpaca(command.connection)
                : BrokerConnection.simulator(url: command.simURL ?? simulated!.url, command.connection)
        } catch {
            await simulated?.simulator.stop()
            throw error
        }
        let banner = broker == .alpaca ? "paper trading on Alpaca (\(link.url))"
            : simulated.map { "trading on the built-in simulator over \(replayData) from \($0.from) at up to \(speed) bars/s "
                + "with \(Money.text(command.cash))" } ?? "trading on the simulator at \(link.url)"
        Console.error("algobot run: \(dryRun ? "DRY RUN (no order is sent), " : "")\(banner). Status: \(folder.status). Stop: Ctrl-C.")

        let redactor = SecretRedactor(secrets: SecretRedactor.configured.secrets + link.secrets + secrets)
        var options = runnerOptions(link: link, simulated: simulated, redactor: redactor)
        let notes = try advisorHooks(&options, environment: environment.merging(dotEnv) { current, _ in current }, redactor: redactor)
        let notices = NotifySetup.attach(targets, to: &options, audit: folder.audit, redactor: redactor)
        defer { try? notices?.close() }
        let stop = StopSignal()
        stop.trapSignals { _ in Console.error("algobot run: stopping after the current bar…") }
        let core = TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(policy), symbols: symbols)
        simulated?.pacer.start()
        defer { simulated?.pacer.stop() }
        do {
            let runner = try LiveRunner(core: core, strategy: fileRef(strategy.name, strategyPath), policy: fileRef(policy.name, policyPath),
                                        broker: dryRun ? DryRunBroker(reads: link.broker) : link.broker, options: options, stop: stop)
            let summary = try await runner.run()
            try? notes?.close()
            await link.shutdown()
            await simulated?.simulator.stop()
            return summary
        } catch {
            try? notes?.close()
            await link.shutdown()
            await simulated?.simulator.stop()
            throw CLIFailure("algobot run: \(error)")
        }
    }

    /// The built-in simulator (with its pacer) unless the run trades Alpaca or a running simulator.
    private func simulatorIfNeeded() async throws -> (simulator: AlpacaSimulator, url: String, pacer: SimPacer, from: String)? {
        guard broker == .sim, command.simURL == nil else { return nil }
        let series = try SimulatorLauncher.load(data: replayData, symbols: symbols)
        let index = SimulatorLauncher.defaultStartIndex(series, lookback: strategy.lookback)
        let clock = ClockConfig(mode: .manual, startIndex: index, startDate: command.start)
        let config = SimulatorConfig(startingCash: Decimal(command.cash), clock: clock, rateLimitPerMinute: 0)
        let (simulator, url) = try await SimulatorLauncher.start(series, config: config)
        return (simulator, url, SimPacer(simulator: simulator, barsPerSecond: speed),
                command.start ?? SimulatorLauncher.describeStart(series, index: index))
    }

    private func runnerOptions(link: BrokerConnection, simulated: (simulator: AlpacaSimulator, url: String, pacer: SimPacer, from: String)?,
                               redactor: SecretRedactor) -> LiveRunner.Options {
        var options = LiveRunner.Options()
        options.mode = dryRun ? .dryRun : .paper
        options.state = folder
        options.strategyPath = strategyPath
        options.policyPath = policyPath
        options.maxBars = command.maxBars
        options.pollInterval = command.poll ?? (link.kind == "alpaca" ? 15 : (simulated != nil ? min(0.1, 0.25 / speed) : 0.5))
        options.barSettleSeconds = Int64(command.settle ?? (link.kind == "alpaca" ? 60 : 0))
        options.dataFeed = link.kind == "alpaca" ? command.feed : nil
        options.brokerURL = link.url
        options.storeBars = link.kind == "alpaca"
        options.approvalExpiry = expiry
        options.secrets = redactor
        options.versions = ["algobot": AlgobotVersion.current]
        options.config = ["strategy": strategyPath, "policy": policyPath, "broker_url": link.url, "dry_run": String(dryRun),
                          "poll_seconds": String(options.pollInterval), "symbols": symbols.joined(separator: ","),
                          "advisor": advisorKind.rawValue]
        if let simulated {
            let simulator = simulated.simulator
            options.config["replay"] = replayData
            options.config["speed"] = String(speed)
            options.isFinished = { simulator.state().atEnd }
        }
        let pacer = simulated?.pacer
        options.output = { line in
            Console.out(line + "\n")
            pacer?.barDone()
        }
        options.notice = { line in Console.out(line + "\n") }
        return options
    }

    /// Wires the advisor (if any) off the trading path: asked after each settled decision,
    /// given a bounded time at shutdown, writing its notes through its own handle on the log.
    private func advisorHooks(_ options: inout LiveRunner.Options, environment: [String: String],
                              redactor: SecretRedactor) throws -> DeferredAuditLog? {
        let timeout = Double(settings["advisor.timeout_seconds"] ?? "5") ?? 5
        let advisor: (any Advisor)?
        do {
            advisor = try advisorKind.makeAdvisor(environment: environment, baseURL: settings["advisor.base_url"],
                                                  model: settings["advisor.model"], timeout: .milliseconds(Int64(timeout * 1000)))
        } catch {
            throw CLIFailure("algobot run: \(error)")
        }
        guard let advisor else { return nil }
        let notes = DeferredAuditLog(path: folder.audit, redactor: redactor)
        let runner = AdvisorRunner(advisor: advisor, sink: notes, wallClock: { MarketTime.utcText(Date()) })
        options.afterDecision = { record, at in runner.enqueue(record, at: at) }
        options.beforeRunEnd = { await runner.finish(within: .seconds(max(2, timeout))) }
        return notes
    }

    private func fileRef(_ name: String, _ path: String) -> FileRef {
        FileRef(name: name, file: path, sha256: FileDigest.sha256(path: path) ?? "")
    }
}
