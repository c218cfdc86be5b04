import ArgumentParser
import Audit
import Foundation
import Logging

/// `--log-format json|text` and `--log-level`, shared by the long-running commands.
struct LogOptions: ParsableArguments {
    @Option(help: "Log lines on standard error as json (one object per line) or text (default: the log.format setting, else text).")
    var logFormat: LogFormat?

    @Option(help: "trace, debug, info, notice, warning, error or critical (default: the log.level setting, else info).")
    var logLevel: Logger.Level?

    private static let installed = OnceFlag()

    /// Installs the handlers once per process; every configured secret, and `secrets`, are
    /// masked in every line. The flags win over the settings (`log.format`, `log.level`).
    func bootstrap(settings: EffectiveSettings? = nil, secrets: [String] = []) {
        let format = logFormat ?? settings?["log.format"].flatMap(LogFormat.init(rawValue:)) ?? .text
        let level = logLevel ?? settings?["log.level"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        Self.install(format: format, level: level, secrets: secrets)
    }

    /// For short commands that talk to a broker: text, warnings and worse only.
    static func bootstrapQuiet(secrets: [String] = []) {
        install(format: .text, level: .warning, secrets: secrets)
    }

    private static func install(format: LogFormat, level: Logger.Level, secrets: [String]) {
        SecretRegistry.shared.register(secrets)
        guard installed.claim() else { return }
        AlgobotLogging.bootstrap(format: format, level: level, redactor: .configured)
        ConfiguredSecrets.logWarnings()
    }
}

extension LogFormat: ExpressibleByArgument {}
extension Logger.Level: ExpressibleByArgument {}

/// True exactly once (logging can be installed only once per process).
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if taken { return false }
        taken = true
        return true
    }
}
