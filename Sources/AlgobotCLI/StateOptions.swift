import ArgumentParser
import Foundation
import RuleLanguage
import Runtime

/// `--state DIR` and `--config FILE` for the commands around a run. The folder follows the
/// settings (flag > ALGOBOT_STATE > algobot.yaml `state` > `state`), and so do the audit log
/// and bar store paths inside it.
struct StateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The state folder of the run (default: the `state` setting, else state/).", valueName: "folder"), completion: PathCompletion.stateFolder)
    var state: String?

    @Option(help: ArgumentHelp("Settings file (default: $ALGOBOT_CONFIG, else algobot.yaml if present).", valueName: "file"), completion: PathCompletion.yamlFile)
    var config: String?

    func folder() throws -> StateFolder {
        try Self.folder(settings: settings())
    }

    func settings(_ more: [String: String] = [:]) throws -> EffectiveSettings {
        var flags = more
        flags["state"] = state
        do {
            return try EffectiveSettings.load(configPath: config, flags: flags)
        } catch let error as RuleFileError {
            throw CLIFailure(error.description)
        }
    }

    static func folder(settings: EffectiveSettings) -> StateFolder {
        let path = settings["state"] ?? "state"
        let audit = settings["audit"].flatMap { $0 == path + "/audit.jsonl" ? nil : $0 }
        let bars = settings["bar_store"].flatMap { $0 == path + "/bars.sqlite" ? nil : $0 }
        return StateFolder(path, audit: audit, bars: bars)
    }
}
