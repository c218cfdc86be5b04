import Foundation

/// Replaces secret values (API keys, tokens) with `***` wherever they appear in text.
/// `SecretRedactor.configured` holds every secret the process knows (see `SecretRegistry`).
///
/// Built from the environment (or variables read like it, from `.env`): `APCA_API_KEY_ID`, `APCA_API_SECRET_KEY`, and every variable
/// whose name ends in `_API_KEY` or `_TOKEN` or contains `_SECRET`. Values shorter than four
/// characters are ignored for the pattern-matched names (replacing every "1" in the output
/// would hide more than it protects); the two Alpaca names are always redacted when non-empty.
public struct SecretRedactor: Sendable, Equatable {
    public static let mask = "***"

    /// Secret values, longest first so that a secret containing another is masked whole.
    public let secrets: [String]

    public init(secrets: [String]) {
        let unique = Set(secrets.filter { !$0.isEmpty })
        self.secrets = unique.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    public init(environment: [String: String]) {
        var values: [String] = []
        for (name, value) in environment {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if Self.alwaysSecret.contains(name), !trimmed.isEmpty {
                values.append(trimmed)
            } else if Self.isSecretName(name), trimmed.count >= 4 {
                values.append(trimmed)
            }
        }
        self.init(secrets: values)
    }

    /// The environment's secrets only; `configured` adds those read from `.env` and elsewhere.
    public static func fromProcessEnvironment() -> SecretRedactor {
        SecretRedactor(environment: ProcessInfo.processInfo.environment)
    }

    public static let none = SecretRedactor(secrets: [])

    public var isEmpty: Bool { secrets.isEmpty }

    private static let alwaysSecret: Set<String> = ["APCA_API_KEY_ID", "APCA_API_SECRET_KEY"]

    /// Whether an environment variable name holds a secret.
    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return alwaysSecret.contains(upper) || upper.hasSuffix("_API_KEY") || upper.contains("_SECRET")
            || upper.hasSuffix("_TOKEN")
    }

    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.mask)
        }
        return out
    }

    /// The line with secrets masked, or nil when it contains none.
    func redact(line: [UInt8]) -> [UInt8]? {
        guard !secrets.isEmpty else { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let masked = redact(text)
        return masked == text ? nil : Array(masked.utf8)
    }
}
