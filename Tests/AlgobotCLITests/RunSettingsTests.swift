import Foundation
import Jobs
import Testing
@testable import AlgobotCLI

/// `algobot run`'s settings are read once into `RunSettings`: the broker and mode as enums,
/// the speed and expiry as numbers. A flag is taken as the argument parser typed it, so a
/// setting it overrides is never read (a bad one below it cannot fail the run).
@Suite struct RunSettingsTests {
    static func settings(environment: [String: String] = [:]) -> EffectiveSettings {
        EffectiveSettings.resolve(flags: [:], environment: environment, dotEnv: [:], config: nil)
    }

    static func run(_ settings: EffectiveSettings, broker: BrokerChoice? = nil, dryRun: Bool = false) throws -> RunSettings {
        try settings.runSettings(broker: broker, dryRun: dryRun, speed: nil, advisor: nil)
    }

    @Test func defaultsAreTheProjectsFilesAndNoBrokerIsNamed() throws {
        let run = try Self.run(Self.settings())
        #expect(run.strategyPath == DefaultPaths.strategy)
        #expect(run.policyPath == DefaultPaths.policy)
        #expect(run.replayData == DefaultPaths.data)
        #expect(run.replaySpeed == 20)
        #expect(run.mode == nil && run.broker == nil && run.symbols == nil)
        #expect(run.broker(flag: nil) { false } == .sim)
        #expect(run.broker(flag: nil) { true } == .alpaca)
    }

    @Test func theBrokerIsChosenByFlagThenModeThenSettingThenKeys() throws {
        let paper = try Self.run(Self.settings(environment: ["ALGOBOT_MODE": "paper"]))
        #expect(paper.broker(flag: nil) { false } == .alpaca)
        #expect(paper.broker(flag: .sim) { false } == .sim)
        let sim = try Self.run(Self.settings(environment: ["ALGOBOT_MODE": "sim", "ALGOBOT_BROKER": "alpaca"]))
        #expect(sim.broker == .alpaca)
        #expect(sim.broker(flag: nil) { true } == .sim)
        #expect(sim.broker(flag: .alpaca) { false } == .alpaca)
        let named = try Self.run(Self.settings(environment: ["ALGOBOT_BROKER": "alpaca", "ALGOBOT_SYMBOLS": "SPY, QQQ"]))
        #expect(named.broker(flag: nil) { false } == .alpaca)
        #expect(named.symbols == ["SPY", "QQQ"])
    }

    @Test func aBadSettingSaysWhatItTakes() {
        func message(_ environment: [String: String]) -> String {
            do {
                _ = try Self.run(Self.settings(environment: environment))
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message(["ALGOBOT_BROKER": "ib"]).contains("broker 'ib' is not alpaca or sim"))
        #expect(message(["ALGOBOT_MODE": "live"]).contains("mode 'live' is not sim, paper or dry-run"))
        #expect(message(["ALGOBOT_REPLAY_SPEED": "fast"]).contains("replay.speed must be a positive number"))
        #expect(message(["ALGOBOT_ADVISOR": "oracle"]).contains("oracle"))
    }

    @Test func aFlagIsTakenAsGivenAndTheSettingBelowItIsNotRead() throws {
        let settings = Self.settings(environment: ["ALGOBOT_BROKER": "ib", "ALGOBOT_MODE": "live", "ALGOBOT_REPLAY_SPEED": "fast",
                                                   "ALGOBOT_ADVISOR": "oracle"])
        let run = try settings.runSettings(broker: .sim, dryRun: true, speed: 5, advisor: .template)
        #expect(run.mode == .dryRun && run.dryRun)
        #expect(run.broker == nil)
        #expect(run.broker(flag: .sim) { true } == .sim)
        #expect(run.replaySpeed == 5)
        #expect(run.advisor.kind == .template)
    }
}
