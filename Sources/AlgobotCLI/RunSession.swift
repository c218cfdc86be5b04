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
    /// The run's settings, typed (flags over the environment over algobot.yaml).
    let run: RunSettings
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
        let flagged = command.simURL != nil || command.replay != nil ? BrokerChoice.sim : command.broker
        let run = try settings.runSettings(broker: flagged, dryRun: command.dryRun, speed: command.speed, advisor: command.advisor)
        self.run = run
        strategyPath = run.strategyPath
        policyPath = run.policyPath
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
        symbols = run.symbols ?? strategy.symbols
        broker = run.broker(flag: flagged) { BrokerConnection.keysAvailable(envFile: command.connection.envFile) }
        dryRun = run.dryRun
        replayData = run.replayData
        speed = run.replaySpeed
        folder = StateOptions.folder(settings: settings)
        expiry = run.approvalExpiry
        advisorKind = run.advisor.kind
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
        let timeout = run.advisor.timeoutSeconds
        let advisor: (any Advisor)?
        do {
            advisor = try advisorKind.makeAdvisor(environment: environment, baseURL: run.advisor.baseURL,
                                                  model: run.advisor.model, timeout: .milliseconds(Int64(timeout * 1000)))
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
