import Foundation
import Logging

/// Everything the client needs. Trading is paper-only: `AlpacaClient.init` refuses a live
/// trading URL here or in `APCA_API_BASE_URL`.
public struct AlpacaConfiguration: Sendable, CustomStringConvertible {
    public var tradingBaseURL: URL
    public var dataBaseURL: URL
    public var credentials: Credentials
    public var timeouts: Timeouts
    public var retryPolicy: RetryPolicy
    /// Below this many remaining requests in the current window, requests are spread out
    /// over the time left until `X-RateLimit-Reset` instead of running into a 429.
    public var rateLimitReserve: Int
    public var scheduling: RetryScheduling
    public var logger: Logger

    public init(tradingBaseURL: URL = PaperTradingGuard.paperTradingURL,
                dataBaseURL: URL = PaperTradingGuard.marketDataURL,
                credentials: Credentials,
                timeouts: Timeouts = Timeouts(),
                retryPolicy: RetryPolicy = .standard,
                rateLimitReserve: Int = 5,
                scheduling: RetryScheduling = .live,
                logger: Logger = Logger(label: "algobot.alpaca")) {
        self.tradingBaseURL = tradingBaseURL
        self.dataBaseURL = dataBaseURL
        self.credentials = credentials
        self.timeouts = timeouts
        self.retryPolicy = retryPolicy
        self.rateLimitReserve = max(0, rateLimitReserve)
        self.scheduling = scheduling
        self.logger = logger
    }

    /// Builds a configuration the way Alpaca's SDKs do: keys and optional URLs
    /// (`APCA_API_BASE_URL`, `APCA_API_DATA_URL`) from the environment, then from `.env`.
    /// A live trading URL is refused here already.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       dotEnvPath: String? = ".env",
                                       logger: Logger = Logger(label: "algobot.alpaca")) throws
        -> AlpacaConfiguration
    {
        let fileValues = try dotEnvPath.map { try DotEnv.load(path: $0) } ?? [:]
        let values = fileValues.merging(environment) { _, fromEnvironment in fromEnvironment }
        var configuration = AlpacaConfiguration(
            credentials: try Credentials.from(merged: values, dotEnvPath: dotEnvPath), logger: logger)
        // A refusal names the place to fix: the environment, or the `.env` line.
        func source(_ variable: String) -> AlpacaConfigurationError.Source {
            guard environment[variable] == nil, let dotEnvPath else { return .environment(variable: variable) }
            return .dotEnv(variable: variable, path: URL(fileURLWithPath: dotEnvPath).standardizedFileURL.path)
        }
        let baseVariable = PaperTradingGuard.baseURLVariable
        if let text = values[baseVariable], !text.isEmpty {
            configuration.tradingBaseURL = try PaperTradingGuard.checkTradingURL(text, source: source(baseVariable))
        }
        let dataVariable = PaperTradingGuard.dataURLVariable
        if let text = values[dataVariable], !text.isEmpty {
            configuration.dataBaseURL = try PaperTradingGuard.checkDataURL(text, source: source(dataVariable))
        }
        return configuration
    }

    /// Refuses a live trading URL in this configuration or in `environment`. The environment
    /// is checked even when the configuration names another URL: a live URL there means
    /// someone expects live trading, and saying no loudly beats trading paper silently.
    func validate(environment: [String: String]) throws {
        try PaperTradingGuard.checkTradingURL(tradingBaseURL.absoluteString, source: .configuration)
        try PaperTradingGuard.checkDataURL(dataBaseURL.absoluteString, source: .configuration)
        let variable = PaperTradingGuard.baseURLVariable
        if let text = environment[variable], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            try PaperTradingGuard.refuseLive(text, source: .environment(variable: variable))
        }
    }

    public var description: String {
        "AlpacaConfiguration(trading: \(PaperTradingGuard.displayText(tradingBaseURL)), "
            + "data: \(PaperTradingGuard.displayText(dataBaseURL)), credentials: \(credentials), "
            + "timeouts: \(timeouts), retryPolicy: \(retryPolicy))"
    }
}
