import Advisor
import Audit
import Engine
import Foundation
import Notify
import Policy
import RuleLanguage
import Runtime
import Vocabulary

/// One `algobot run` put together from its typed settings: the runner's options (state
/// folder, approvals, what run_start records), the advisor and the notifier off the trading
/// path, the trading core and the runner. The CLI reads the settings, connects the broker,
/// starts a simulator and prints; how those pieces are joined is here, once.
public struct LiveWiring {
    /// The broker the caller connected.
    public struct Link {
        public let broker: any LiveBroker
        public let kind: BrokerChoice
        /// The trading URL, without keys.
        public let url: String

        public init(broker: any LiveBroker, kind: BrokerChoice, url: String) {
            self.broker = broker
            self.kind = kind
            self.url = url
        }
    }

    /// The built-in simulator the caller started, when the run replays bars on it.
    public struct Replay {
        /// True once the simulator has no more bars.
        public let isFinished: @Sendable () -> Bool
        /// Called after each bar's status line, so the simulator's pace follows the run's.
        public let barDone: @Sendable () -> Void

        public init(isFinished: @escaping @Sendable () -> Bool, barDone: @escaping @Sendable () -> Void) {
            self.isFinished = isFinished
            self.barDone = barDone
        }
    }

    /// The flags that shape the loop itself (`--max-bars`, `--poll`, `--settle`, `--feed`).
    public struct Loop {
        public var maxBars: Int?
        public var poll: Double?
        public var settle: Int?
        public var feed = "iex"

        public init() {}
    }

    public let settings: RunSettings
    public let strategy: CheckedStrategy
    public let policy: CheckedPolicy
    public let symbols: [String]
    public let state: StateFolder

    public init(settings: RunSettings, strategy: CheckedStrategy, policy: CheckedPolicy, symbols: [String], state: StateFolder) {
        self.settings = settings
        self.strategy = strategy
        self.policy = policy
        self.symbols = symbols
        self.state = state
    }

    /// The runner's options; `output` gets each bar's status line, `notice` every other line.
    public func runnerOptions(link: Link, replay: Replay?, loop: Loop, redactor: SecretRedactor,
                              output: @escaping @Sendable (String) -> Void, notice: @escaping @Sendable (String) -> Void) -> LiveRunner.Options {
        let onAlpaca = link.kind == .alpaca
        var options = LiveRunner.Options()
        options.mode = settings.dryRun ? .dryRun : .paper
        options.state = state
        options.strategyPath = settings.strategyPath
        options.policyPath = settings.policyPath
        options.maxBars = loop.maxBars
        options.pollInterval = loop.poll ?? (onAlpaca ? 15 : (replay != nil ? min(0.1, 0.25 / settings.replaySpeed) : 0.5))
        options.barSettleSeconds = Int64(loop.settle ?? (onAlpaca ? 60 : 0))
        options.dataFeed = onAlpaca ? loop.feed : nil
        options.brokerURL = link.url
        options.storeBars = onAlpaca
        options.approvalExpiry = settings.approvalExpiry
        options.secrets = redactor
        options.versions = ["algobot": AlgobotVersion.current]
        options.config = ["strategy": settings.strategyPath, "policy": settings.policyPath, "broker_url": link.url,
                          "dry_run": String(settings.dryRun), "poll_seconds": String(options.pollInterval),
                          "symbols": symbols.joined(separator: ","), "advisor": settings.advisor.kind.rawValue]
        if let replay {
            options.config["replay"] = settings.replayData
            options.config["speed"] = String(settings.replaySpeed)
            options.isFinished = replay.isFinished
        }
        let barDone = replay?.barDone
        options.output = { line in
            output(line)
            barDone?()
        }
        options.notice = notice
        return options
    }

    /// Wires the advisor (if any) off the trading path: asked after each settled decision,
    /// given a bounded time at shutdown, writing its notes through its own handle on the log.
    /// The returned log is the caller's to close after the run.
    public func attachAdvisor(to options: inout LiveRunner.Options, environment: [String: String],
                              redactor: SecretRedactor) throws -> DeferredAuditLog? {
        let timeout = settings.advisor.timeoutSeconds
        let advisor = try settings.advisor.kind.makeAdvisor(environment: environment, baseURL: settings.advisor.baseURL,
                                                            model: settings.advisor.model, timeout: .milliseconds(Int64(timeout * 1000)))
        guard let advisor else { return nil }
        let notes = DeferredAuditLog(path: state.audit, redactor: redactor)
        let runner = AdvisorRunner(advisor: advisor, sink: notes, wallClock: { MarketTime.utcText(Date()) })
        options.afterDecision = { record, at in runner.enqueue(record, at: at) }
        options.beforeRunEnd = { await runner.finish(within: .seconds(max(2, timeout))) }
        return notes
    }

    /// Starts the notifier and hooks it into the run: `notify` hands over and returns; before
    /// `run_end` the queued notifications get at most `drain` to go out.
    public func attachNotifier(_ targets: [NotifyTarget], to options: inout LiveRunner.Options, redactor: SecretRedactor,
                               drain: Duration = .seconds(5)) -> DeferredAuditLog? {
        guard !targets.isEmpty else { return nil }
        let notes = DeferredAuditLog(path: state.audit, redactor: redactor)
        let notifier = Notifier(targets: targets, sink: notes, redactor: redactor, wallClock: { MarketTime.utcText(Date()) })
        options.notify = { notifier.notify($0) }
        let before = options.beforeRunEnd
        options.beforeRunEnd = {
            await before?()
            await notifier.finish(within: drain)
        }
        return notes
    }

    /// The trading core: the compiled strategy and policy over the run's symbols.
    public func core() -> TradingCore {
        TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(policy), symbols: symbols)
    }

    /// The runner over `core` (from `core()`); a dry run reads the broker and sends nothing.
    public func runner(core: TradingCore, link: Link, options: LiveRunner.Options, stop: StopSignal) throws -> LiveRunner {
        try LiveRunner(core: core, strategy: Self.fileRef(strategy.name, settings.strategyPath),
                              policy: Self.fileRef(policy.name, settings.policyPath),
                              broker: settings.dryRun ? DryRunBroker(reads: link.broker) : link.broker, options: options, stop: stop)
    }

    private static func fileRef(_ name: String, _ path: String) -> FileRef {
        FileRef(name: name, file: path, sha256: FileDigest.sha256(path: path) ?? "")
    }
}
