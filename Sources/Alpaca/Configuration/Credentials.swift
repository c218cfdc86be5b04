import Foundation

/// The Alpaca API key pair. Both values are masked in every textual form (`description`,
/// `debugDescription`, `dump`), so printing a configuration or an error can never leak them.
public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public static let keyIDVariable = "APCA_API_KEY_ID"
    public static let secretKeyVariable = "APCA_API_SECRET_KEY"

    public let keyID: String
    public let secretKey: String

    public init(keyID: String, secretKey: String) {
        self.keyID = keyID
        self.secretKey = secretKey
    }

    /// Reads the key pair from `environment`, falling back to the `.env` file at `dotEnvPath`;
    /// the environment wins when both define a name. Keys are never read from YAML.
    public static func load(environment: [String: String],
                            dotEnvPath: String? = ".env") throws -> Credentials {
        let fileValues = try dotEnvPath.map { try DotEnv.load(path: $0) } ?? [:]
        return try from(merged: fileValues.merging(environment) { _, fromEnvironment in fromEnvironment },
                        dotEnvPath: dotEnvPath)
    }

    static func from(merged values: [String: String], dotEnvPath: String?) throws -> Credentials {
        let keyID = values[keyIDVariable]?.trimmingCharacters(in: .whitespaces) ?? ""
        let secret = values[secretKeyVariable]?.trimmingCharacters(in: .whitespaces) ?? ""
        var missing: [String] = []
        if keyID.isEmpty { missing.append(keyIDVariable) }
        if secret.isEmpty { missing.append(secretKeyVariable) }
        guard missing.isEmpty else {
            throw AlpacaConfigurationError.missingCredentials(missing: missing, dotEnvPath: dotEnvPath)
        }
        return Credentials(keyID: keyID, secretKey: secret)
    }

    /// Replaces any occurrence of either key in `text`: server messages are echoed into
    /// errors and logs, and nothing guarantees a server never echoes a header back.
    func redact(_ text: String) -> String {
        var result = text
        for value in [secretKey, keyID] where value.count >= 4 {
            result = result.replacingOccurrences(of: value, with: "<redacted>")
        }
        return result
    }

    public var description: String { "Credentials(keyID: <redacted>, secretKey: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["keyID": "<redacted>", "secretKey": "<redacted>"], displayStyle: .struct)
    }
}
