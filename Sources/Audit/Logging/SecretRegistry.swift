import Foundation

/// The secrets this process has been configured with, for every output that is not handed a
/// redactor of its own: the audit log's and the log handlers' defaults, and the command line's
/// standard output and error (`SecretRedactor.configured`).
///
/// It starts from the environment (`SecretRedactor(environment:)`). Whoever reads a secret from
/// anywhere else (a `.env` file, `--env-file`, the password in a URL, a notification token)
/// registers it here before anything is written, so masking never depends on where a secret
/// was put. Registering only ever adds: a secret once known stays masked.
public final class SecretRegistry: @unchecked Sendable {
    public static let shared = SecretRegistry(environment: ProcessInfo.processInfo.environment)

    private let lock = NSLock()
    private var current: SecretRedactor

    public init(environment: [String: String]) {
        current = SecretRedactor(environment: environment)
    }

    /// Every secret known so far.
    public var redactor: SecretRedactor {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Adds secret values as they are (empty ones are ignored).
    public func register(_ secrets: [String]) {
        lock.lock()
        defer { lock.unlock() }
        current = SecretRedactor(secrets: current.secrets + secrets)
    }

    /// Adds the secrets among variables read from somewhere other than the environment (a
    /// `.env` file), by the same naming rules as the environment's.
    public func register(variables: [String: String]) {
        register(SecretRedactor(environment: variables).secrets)
    }
}

extension SecretRedactor {
    /// Every secret this process knows: the environment's and every registered one
    /// (`SecretRegistry.shared`), as of now.
    public static var configured: SecretRedactor { SecretRegistry.shared.redactor }
}
