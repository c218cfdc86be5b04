import Audit
import Foundation
import Notify
import RuleLanguage
import Runtime
import Vocabulary

/// The `notify:` settings made real for `algobot run`: each entry's URL (written in the file,
/// or read from the variable `url_env` names, in the environment or `.env`), registered as a
/// secret before anything is printed (`LiveWiring.attachNotifier` starts the `Notifier`).
enum NotifySetup {
    /// The targets, in file order. An entry whose variable is not set is an error that names it.
    static func targets(_ entries: [CheckedConfig.NotifyEntry], environment: [String: String],
                        dotEnv: [String: String]) throws -> [NotifyTarget] {
        var targets: [NotifyTarget] = []
        for (index, entry) in entries.enumerated() {
            guard let format = NotifyFormat(rawValue: entry.format) else {
                throw CLIFailure("\(entry.location): notify format '\(entry.format)' is not json, slack or ntfy")
            }
            var events: Set<NotifyEvent>?
            if let names = entry.events {
                events = try Set(names.map { name in
                    guard let event = NotifyEvent(rawValue: name) else {
                        throw CLIFailure("\(entry.location): unknown notify event '\(name)' (docs/NOTIFY.md lists them)")
                    }
                    return event
                })
            }
            let url: String
            if let written = entry.url {
                url = written
            } else if let name = entry.urlEnv {
                guard let value = environment[name] ?? dotEnv[name], !value.isEmpty else {
                    throw CLIFailure("\(entry.location): notify url_env names \(name), which is not set in the environment "
                        + "or .env; set it to the webhook URL (docs/NOTIFY.md) or remove this entry")
                }
                url = value
            } else {
                throw CLIFailure("\(entry.location): a notify entry needs url or url_env")
            }
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw CLIFailure("\(entry.location): the notify URL\(entry.urlEnv.map { " in \($0)" } ?? "") must start with "
                    + "https:// (or http:// for a receiver on this machine)")
            }
            targets.append(NotifyTarget(url: url, format: format, events: events, index: index + 1))
        }
        SecretRegistry.shared.register(targets.map(\.url))
        return targets
    }
}
