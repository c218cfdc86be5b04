import Foundation
import RuleLanguage
import Testing
@testable import AlgobotCLI

/// Settings precedence (flag > environment > .env > file > default) and secret handling.
@Suite struct SettingsTests {
    func config(_ yaml: String) throws -> CheckedConfig {
        let file = Linter().lint(text: yaml, path: "algobot.yaml")
        return try #require(file.config, "\(file.diagnostics)")
    }

    @Test func eachLayerOverridesTheOneBelow() throws {
        let file = try config("config: t\nmode: dry-run\nlog: { level: debug }\nbacktest: { cash: 5000 }\n")
        let settings = EffectiveSettings.resolve(
            flags: ["backtest.cash": "7000"], environment: ["ALGOBOT_LOG_LEVEL": "warning"],
            dotEnv: ["ALGOBOT_MODE": "paper"], config: file)
        #expect(settings["backtest.cash"] == "7000")          // flag beats file
        #expect(settings["log.level"] == "warning")          // environment beats file
        #expect(settings["mode"] == "paper")                 // .env beats file
        #expect(settings["broker"] == "sim")                 // default
        #expect(settings.entries.first { $0.key == "log.level" }?.source == .environment("ALGOBOT_LOG_LEVEL"))
        #expect(settings.entries.first { $0.key == "backtest.benchmark" }?.source == .defaultValue)
    }

    @Test func stateFolderMovesItsFiles() throws {
        let settings = EffectiveSettings.resolve(flags: [:], environment: ["ALGOBOT_STATE": "/var/lib/algobot"], dotEnv: [:], config: nil)
        #expect(settings["audit"] == "/var/lib/algobot/audit.jsonl")
        #expect(settings["bar_store"] == "/var/lib/algobot/bars.sqlite")
    }

    @Test func secretsAreNeverShown() throws {
        let settings = EffectiveSettings.resolve(flags: [:], environment: ["APCA_API_KEY_ID": "PKTESTKEY123"],
                                                 dotEnv: ["APCA_API_SECRET_KEY": "s3cr3t-value"], config: nil)
        let key = try #require(settings.entries.first { $0.key == "APCA_API_KEY_ID" })
        #expect(key.shown == "(set, hidden)")
        let all = settings.entries.map { "\($0.key) \($0.shown) \($0.source)" }.joined(separator: "\n")
        #expect(!all.contains("PKTESTKEY123"))
        #expect(!all.contains("s3cr3t-value"))
    }

    @Test func configShowThroughTheBinaryHidesKeys() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["APCA_API_KEY_ID"] = "PKSHOULDNOTPRINT"
        environment["APCA_API_SECRET_KEY"] = "SECRETSHOULDNOTPRINT"
        environment["ALGOBOT_MODE"] = "dry-run"
        let result = try await AlgobotBinary.run(["config", "show"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("environment ALGOBOT_MODE"))
        #expect(!(result.stdout + result.stderr).contains("SHOULDNOTPRINT"))
    }

    @Test func secretsInTheSettingsFileAreErrors() {
        let file = Linter().lint(text: "config: t\nbackend_api_key: abc\n", path: "algobot.yaml")
        #expect(file.diagnostics.map(\.code) == [.secretInFile])
    }
}
