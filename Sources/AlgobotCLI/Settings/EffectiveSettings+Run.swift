import Advisor
import Jobs

extension EffectiveSettings {
    /// `algobot run`'s settings, typed, each read once. A value the run's flags give is
    /// taken as given (typed by the argument parser); the setting's text is then not read.
    func runSettings(broker flag: BrokerChoice?, dryRun: Bool, speed: Double?, advisor: AdvisorKind?) throws -> RunSettings {
        var run = RunSettings()
        run.strategyPath = self["strategy_file"] ?? run.strategyPath
        run.policyPath = self["policy_file"] ?? run.policyPath
        run.symbols = explicit("symbols").map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        if dryRun {
            run.mode = .dryRun
        } else if let text = explicit("mode") {
            guard let mode = RunSettings.ModeChoice(rawValue: text) else {
                throw CLIFailure("algobot run: mode '\(text)' is not sim, paper or dry-run")
            }
            run.mode = mode
        }
        if flag == nil, let text = explicit("broker") {
            guard let broker = BrokerChoice(rawValue: text) else { throw CLIFailure("algobot run: broker '\(text)' is not alpaca or sim") }
            run.broker = broker
        }
        run.replayData = self["replay.data"] ?? self["data"] ?? run.replayData
        if let speed {
            run.replaySpeed = speed
        } else {
            guard let speed = Double(self["replay.speed"] ?? "20"), speed > 0, speed.isFinite else {
                throw CLIFailure("algobot run: replay.speed must be a positive number of bars per second")
            }
            run.replaySpeed = speed
        }
        if let minutes = self["approvals.expire_after_minutes"] {
            guard let value = Int(minutes), value > 0 else {
                throw CLIFailure("algobot run: approvals.expire_after_minutes must be a whole number of minutes")
            }
            run.approvalExpiry = .after(seconds: value * 60)
        }
        do {
            run.advisor.kind = try advisor ?? AdvisorKind(parsing: self["advisor.kind"] ?? "off")
        } catch {
            throw CLIFailure("algobot run: \(error)")
        }
        run.advisor.baseURL = self["advisor.base_url"]
        run.advisor.model = self["advisor.model"]
        run.advisor.timeoutSeconds = Double(self["advisor.timeout_seconds"] ?? "5") ?? 5
        return run
    }

    /// A setting's value when a flag, the environment or the settings file gave it (not a default).
    func explicit(_ key: String) -> String? {
        guard let entry = entries.first(where: { $0.key == key }), entry.source != .defaultValue else { return nil }
        return entry.value
    }
}
