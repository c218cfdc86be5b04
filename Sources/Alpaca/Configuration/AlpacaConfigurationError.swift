import Foundation

/// Problems found before any request is sent: a live-trading URL, missing keys, a bad URL.
/// Messages say what is wrong and how to fix it, and never contain a key.
public enum AlpacaConfigurationError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// Where a URL came from, so the message can point at the right place to fix it.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case configuration
        case environment(variable: String)

        public var description: String {
            switch self {
            case .configuration: return "the configuration"
            case .environment(let variable): return "the environment variable \(variable)"
            }
        }
    }

    case liveTradingNotAllowed(url: String, source: Source)
    case insecureURL(url: String, source: Source)
    case invalidURL(url: String, source: Source)
    case missingCredentials(missing: [String], dotEnvPath: String?)

    public var description: String {
        switch self {
        case .liveTradingNotAllowed(let url, let source):
            let fix: String
            switch source {
            case .configuration:
                fix = "Use the paper-trading URL \(PaperTradingGuard.paperTradingURL.absoluteString) "
                    + "(or the local simulator) as the trading base URL."
            case .environment(let variable):
                fix = "Unset \(variable) or set it to \(PaperTradingGuard.paperTradingURL.absoluteString)."
            }
            return "Live trading is not allowed: \(source) points at the live Alpaca trading API (\(url)). "
                + "algobot only trades on an Alpaca paper account. \(fix)"
        case .insecureURL(let url, let source):
            return "Refusing to send Alpaca keys over plain HTTP to \(url) (from \(source)): "
                + "use https://, or http:// only for a simulator on this machine (127.0.0.1 or localhost)."
        case .invalidURL(let url, let source):
            return "\(source) holds \"\(url)\", which is not an http(s) URL with a host. "
                + "Example: \(PaperTradingGuard.paperTradingURL.absoluteString)"
        case .missingCredentials(let missing, let dotEnvPath):
            let place = dotEnvPath.map { "in the environment or in \($0)" } ?? "in the environment"
            return "Alpaca keys are missing: \(missing.joined(separator: ", ")) not set \(place). "
                + "Add lines like APCA_API_KEY_ID=PK... and APCA_API_SECRET_KEY=... with your paper-trading "
                + "keys (never in a YAML file), or run against the built-in simulator."
        }
    }

    public var errorDescription: String? { description }
}
