import Alpaca
import Audit
import Foundation
import Logging

/// Registers every secret a command may meet, before it prints or records anything, from the
/// places its credentials are read: the environment (already in `SecretRegistry.shared`), the
/// `.env` in the working folder and `--env-file`, by the same names (`APCA_API_KEY_ID`,
/// `APCA_API_SECRET_KEY`, `*_API_KEY`, `*_TOKEN`, `*_SECRET*`), plus the password of any URL in
/// either place. So masking never depends on where a key was put.
///
/// Reading a file also checks its mode: one that group or others can read is warned about once,
/// on standard error at once and in the log when the command keeps one.
enum ConfiguredSecrets {
    static let defaultFile = ".env"

    private static let state = State()

    /// Idempotent: each file is read once per process.
    static func register(envFile: String) {
        let environment = ProcessInfo.processInfo.environment
        if state.claim("\u{0}environment") { SecretRegistry.shared.register(urlSecrets(in: environment)) }
        for path in [defaultFile, envFile] where state.claim(path) {
            if let warning = DotEnv.exposureWarning(path: path) {
                Console.error("algobot: warning: \(warning)")
                state.pend(warning)
            }
            // A file that does not parse is reported, with its line, by whoever needs the keys.
            guard let values = try? DotEnv.load(path: path) else { continue }
            SecretRegistry.shared.register(variables: values)
            SecretRegistry.shared.register(urlSecrets(in: values))
        }
    }

    /// Logs the warnings given so far; called once the log handlers are installed.
    static func logWarnings() {
        let logger = Logger(label: "algobot.config")
        for warning in state.takePending() { logger.warning("\(warning)") }
    }

    private static func urlSecrets(in values: [String: String]) -> [String] {
        values.keys.sorted().flatMap { URLUserInfo.secrets(in: values[$0] ?? "") }
    }

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var done: Set<String> = []
        private var pending: [String] = []

        func claim(_ key: String) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            return done.insert(key).inserted
        }

        func pend(_ warning: String) {
            lock.lock()
            pending.append(warning)
            lock.unlock()
        }

        func takePending() -> [String] {
            lock.lock()
            defer { lock.unlock() }
            defer { pending = [] }
            return pending
        }
    }
}
