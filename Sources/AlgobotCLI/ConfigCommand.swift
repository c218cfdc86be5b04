import ArgumentParser
import Foundation
import RuleLanguage

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings in force and where each comes from.",
        subcommands: [ConfigShowCommand.self])
}

struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print every setting: flag > environment > algobot.yaml > default. Secrets are never shown.")

    @Option(help: ArgumentHelp("Settings file (default: $ALGOBOT_CONFIG, else algobot.yaml if present).", valueName: "file"), completion: PathCompletion.yamlFile)
    var config: String?

    @Option(help: "text or json.")
    var format: DiagnosticRenderer.Format = .text

    func run() throws {
        try Console.run {
            let settings: EffectiveSettings
            do {
                settings = try EffectiveSettings.load(configPath: config, flags: [:])
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            } catch {
                throw CLIFailure("algobot config show: \(error)")
            }
            switch format {
            case .text:
                Console.out("settings file: \(settings.configFile ?? "(none)")\n")
                let width = settings.entries.map(\.key.count).max() ?? 10
                let valueWidth = min(40, settings.entries.map(\.shown.count).max() ?? 10)
                for entry in settings.entries {
                    let key = entry.key.padding(toLength: width, withPad: " ", startingAt: 0)
                    let value = entry.shown.count >= valueWidth ? entry.shown : entry.shown.padding(toLength: valueWidth, withPad: " ", startingAt: 0)
                    Console.out("\(key)  \(value)  \(entry.source)\n")
                }
            case .json:
                let rows = settings.entries.map { entry -> [String: String] in
                    ["key": entry.key, "value": entry.shown, "source": entry.source.description]
                }
                let data = try JSONSerialization.data(withJSONObject: ["file": settings.configFile ?? NSNull(), "settings": rows] as [String: Any],
                                                      options: [.prettyPrinted, .sortedKeys])
                Console.out(String(decoding: data, as: UTF8.self) + "\n")
            }
        }
    }
}
