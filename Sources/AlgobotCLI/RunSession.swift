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

/// One `algobot run` at the edge: the settings resolved (flag > environment > algobot.yaml >
/// default) and read once into `RunSettings`, the logs, the broker (Alpaca, a simulator at a
/// URL, or the built-in one) and what is printed; `LiveWiring` (Jobs) puts the run together.
struct RunSession: @unchecked Sendable {
    let command: RunCommand
    let settings: EffectiveSettings
    /// The run's settings, typed (flags over the environment over algobot.yaml).
    let run: RunSettings
    let strategy: CheckedStrategy
    let policy: CheckedPolicy
    let symbols: [String]
    let broker: BrokerChoice
    let dryRun: Bool
    let replayData: String
    let speed: Double
    let folder: StateFolder

    init(settings: EffectiveSettings, command: RunCommand) throws {
        self.command = command
        self.settings = settings
        let flagged = command.simURL != nil || command.replay != nil ? BrokerChoice.sim : command.broker
        let run = try settings.runSettings(broker: flagged, dryRun: command.dryRun, speed: command.speed, advisor: command.advisor)
        self.run = run
        do {
            let linter = Linter()
            strategy = try linter.strategy(at: run.strategyPath)
            policy = try linter.policy(at: run.policyPath)
        } catch let error as RuleFileError {
            throw CLIFailure(error.description)
        }
        // Refused before a simulator starts or a broker is asked; `LiveRunner` refuses it too.
        let gaps = LiveCoverage.gaps(in: strategy)
        if !gaps.isEmpty {
            throw CLIFailure(gaps.map { "algobot run: \($0)" }.joined(separator: "\n"))
        }
        symbols = run.symbols ?? strategy.symbols
        broker = run.broker(flag: flagged) { BrokerConnection.keysAvailable(envFile: command.connection.envFile) }
        dryRun = run.dryRun
        replayData = run.replayData
        speed = run.replaySpeed
        folder = StateOptions.folder(settings: settings)
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
        let wiring = LiveWiring(settings: run, strategy: strategy, policy: policy, symbols: symbols, state: folder)
        let live = LiveWiring.Link(broker: link.broker, kind: broker, url: link.url)
        let replay = simulated.map { simulated in
            let simulator = simulated.simulator, pacer = simulated.pacer
            return LiveWiring.Replay(isFinished: { simulator.state().atEnd }, barDone: { pacer.barDone() })
        }
        var loop = LiveWiring.Loop()
        loop.maxBars = command.maxBars
        loop.poll = command.poll
        loop.settle = command.settle
        loop.feed = command.feed
        var options = wiring.runnerOptions(link: live, replay: replay, loop: loop, redactor: redactor,
                                           output: { Console.out($0 + "\n") }, notice: { Console.out($0 + "\n") })
        let notes: DeferredAuditLog?
        do {
            notes = try wiring.attachAdvisor(to: &options, environment: environment.merging(dotEnv) { current, _ in current }, redactor: redactor)
        } catch {
            throw CLIFailure("algobot run: \(error)")
        }
        let notices = wiring.attachNotifier(targets, to: &options, redactor: redactor)
        defer { try? notices?.close() }
        let stop = StopSignal()
        stop.trapSignals { _ in Console.error("algobot run: stopping after the current bar…") }
        let core = wiring.core()
        simulated?.pacer.start()
        defer { simulated?.pacer.stop() }
        do {
            let runner = try wiring.runner(core: core, link: live, options: options, stop: stop)
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
}
