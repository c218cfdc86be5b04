import Foundation

/// Problems found before any request is sent: a live-trading URL, missing keys, a bad URL.
/// Messages say what is wrong and how to fix it, and never contain a key.
public enum AlpacaConfigurationError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// Where a URL came from, so the message can point at the right place to fix it.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case configuration
        case environment(variable: String)
        /// A line of a `.env` file (`path` as the user would find it).
        case dotEnv(variable: String, path: String)

        public var description: String {
            switch self {
            case .configuration: return "the configuration"
            case .environment(let variable): return "the environment variable \(variable)"
            case .dotEnv(let variable, let path): return "\(variable) in \(path)"
            }
        }

        /// How to take the URL away or replace it.
        func fix(_ replacement: URL) -> String {
            switch self {
            case .configuration: return "Use \(replacement.absoluteString) (or the local simulator) instead."
            case .environment(let variable): return "Unset \(variable) or set it to \(replacement.absoluteString)."
            case .dotEnv(let variable, let path):
                return "Delete the \(variable) line from \(path) or set it to \(replacement.absoluteString)."
            }
        }
    }

    case liveTradingNotAllowed(url: String, source: Source)
    case insecureURL(url: String, source: Source)
    case invalidURL(url: String, source: Source)
    /// User info (`user:password@`) in a URL; `url` is shown with it masked.
    case credentialsInURL(url: String, source: Source)
    /// A host the keys may not be sent to (`api` says which host would have been right).
    case hostNotAllowed(url: String, source: Source, api: AlpacaAPI)
    case missingCredentials(missing: [String], dotEnvPath: String?)

    public var description: String {
        switch self {
        case .liveTradingNotAllowed(let url, let source):
            let fix: String
            switch source {
            case .configuration:
                fix = "Use the paper-trading URL \(PaperTradingGuard.paperTradingURL.absoluteString) "
                    + "(or the local simulator) as the trading base URL."
            case .environment, .dotEnv:
                fix = source.fix(PaperTradingGuard.paperTradingURL)
            }
            return "Live trading is not allowed: \(source) points at the live Alpaca trading API (\(url)). "
                + "algobot only trades on an Alpaca paper account. \(fix)"
        case .insecureURL(let url, let source):
            return "Refusing to send Alpaca keys over plain HTTP to \(url) (from \(source)): "
                + "use https://, or http:// only for a simulator on this machine (127.0.0.1 or localhost)."
        case .invalidURL(let url, let source):
            return "\(source) holds \"\(url)\", which is not an http(s) URL with a host. "
                + "Example: \(PaperTradingGuard.paperTradingURL.absoluteString)"
        case .credentialsInURL(let url, let source):
            return "\(source) holds a URL with a user name or password (\(url)): credentials in URLs are refused, "
                + "because URLs are shown in logs, errors and the status file, and Alpaca takes keys only in the "
                + "APCA-API-KEY-ID and APCA-API-SECRET-KEY headers. Remove the part before the @ and keep the keys "
                + "in APCA_API_KEY_ID and APCA_API_SECRET_KEY."
        case .hostNotAllowed(let url, let source, let api):
            let alpaca = api == .trading ? PaperTradingGuard.paperTradingURL : PaperTradingGuard.marketDataURL
            let what = api == .trading ? "paper-trading" : "market-data"
            return "\(source) holds \(url): algobot sends your keys only to Alpaca's \(what) host "
                + "(\(alpaca.absoluteString)) or to a simulator on this machine (127.0.0.1, [::1] or localhost, "
                + "written just so: no other host name, IP address or spelling of an address). \(source.fix(alpaca))"
        case .missingCredentials(let missing, let dotEnvPath):
            let place = dotEnvPath.map { "in the environment or in \($0)" } ?? "in the environment"
            return "Alpaca keys are missing: \(missing.joined(separator: ", ")) not set \(place). "
                + "Add lines like APCA_API_KEY_ID=PK... and APCA_API_SECRET_KEY=... with your paper-trading "
                + "keys (never in a YAML file), or run against the built-in simulator."
        }
    }

    public var errorDescription: String? { description }
}
