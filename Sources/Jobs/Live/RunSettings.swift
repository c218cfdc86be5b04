import Advisor
import Audit
import Vocabulary

/// The settings of `algobot run`, typed. The CLI reads them once from its flags, the
/// environment and algobot.yaml; nothing after that parses a setting's text again.
public struct RunSettings: Sendable {
    /// The `mode` setting: `sim` is paper trading on the simulator; `paper` and `dry-run`
    /// are the run's `Mode`.
    public enum ModeChoice: String, Sendable, CaseIterable {
        case sim, paper
        case dryRun = "dry-run"
    }

    public var strategyPath = DefaultPaths.strategy
    public var policyPath = DefaultPaths.policy
    /// The symbols to trade; nil trades the strategy's.
    public var symbols: [String]?
    /// The mode a flag, the environment or the settings file set; nil when none did.
    public var mode: ModeChoice?
    /// The broker the environment or the settings file named; nil when none did.
    public var broker: BrokerChoice?
    /// The bars the built-in simulator replays.
    public var replayData = DefaultPaths.data
    /// The built-in simulator's bars per second at most.
    public var replaySpeed = 20.0
    public var approvalExpiry: ApprovalExpiry = .default
    public var advisor = AdvisorSettings()

    public init() {}

    public var dryRun: Bool { mode == .dryRun }

    /// The broker in force: the one a flag asks for; the simulator for `mode: sim`; for
    /// `mode: paper` the named one, else Alpaca; otherwise the named one, else Alpaca when
    /// paper keys are set, else the simulator.
    public func broker(flag: BrokerChoice?, keysAvailable: () -> Bool) -> BrokerChoice {
        if let flag { return flag }
        switch mode {
        case .sim: return .sim
        case .paper: return broker ?? .alpaca
        case .dryRun, nil: return broker ?? (keysAvailable() ? .alpaca : .sim)
        }
    }
}

/// The `advisor.*` settings: which advisor writes rationales, and how to reach a chat model.
public struct AdvisorSettings: Sendable {
    public var kind: AdvisorKind = .off
    public var baseURL: String?
    public var model: String?
    public var timeoutSeconds = 5.0

    public init() {}
}
