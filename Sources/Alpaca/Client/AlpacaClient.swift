import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Alpaca REST client for the paper-trading API and the market-data API.
///
/// Construction refuses a live trading URL (from the configuration or `APCA_API_BASE_URL`).
/// Every call retries timeouts, connection errors, 5xx and 429 with capped, jittered
/// backoff, paces itself by the rate-limit headers, and updates `health`. Order submission
/// is never blindly retried (see `submitOrder`). Call `shutdown()` when done, or use
/// `withClient`, because the underlying `HTTPClient` must be shut down.
public final class AlpacaClient: Sendable {
    public let configuration: AlpacaConfiguration
    let executor: RequestExecutor
    private let http: HTTPClient
    private let ownsHTTPClient: Bool

    /// - Parameters:
    ///   - environment: checked for a live `APCA_API_BASE_URL`, which is refused.
    ///   - httpClient: an existing client to share; it is then not shut down by `shutdown()`.
    public init(configuration: AlpacaConfiguration,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                httpClient: HTTPClient? = nil) throws {
        try configuration.validate(environment: environment)
        self.configuration = configuration
        if let httpClient {
            http = httpClient
            ownsHTTPClient = false
        } else {
            var settings = HTTPClient.Configuration()
            settings.timeout = .init(connect: .nanoseconds(Int64(configuration.timeouts.connect.inSeconds * 1e9)),
                                     read: .nanoseconds(Int64(configuration.timeouts.request.inSeconds * 1e9)))
            // A redirect could carry the key headers to another host.
            settings.redirectConfiguration = .disallow
            http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
            ownsHTTPClient = true
        }
        executor = RequestExecutor(configuration: configuration, http: http)
        configuration.logger.info("alpaca client ready", metadata: [
            "alpaca.trading": "\(PaperTradingGuard.displayText(configuration.tradingBaseURL))",
            "alpaca.data": "\(PaperTradingGuard.displayText(configuration.dataBaseURL))",
        ])
    }

    /// Runs `body` with a client that is shut down afterwards, whether `body` throws or not.
    public static func withClient<Result>(
        configuration: AlpacaConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (AlpacaClient) async throws -> Result
    ) async throws -> Result {
        let client = try AlpacaClient(configuration: configuration, environment: environment)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    public func shutdown() async throws {
        if ownsHTTPClient { try await http.shutdown() }
    }

    /// Healthy, degraded (calls need retries) or down (retries exhausted); never blocks.
    public var health: BrokerHealth { executor.health.current }

    /// The last rate-limit headers seen from one API, if any.
    public func rateLimit(for api: AlpacaAPI) -> RateLimitSnapshot? {
        executor.rateLimits.snapshot(host: executor.host(for: RequestSpec(.GET, api, "/")))
    }

    // MARK: - Shared plumbing

    func fetch<T: Decodable>(_ type: T.Type, _ spec: RequestSpec) async throws -> T {
        let response = try await executor.send(spec)
        return try executor.decode(type, from: response, spec: spec)
    }

    /// A 404 means "there is none" for single-item lookups; every other error is thrown.
    func fetchIfPresent<T: Decodable>(_ type: T.Type, _ spec: RequestSpec) async throws -> T? {
        do {
            return try await fetch(type, spec)
        } catch let error as AlpacaError where error.isNotFound {
            return nil
        }
    }

    func encodeBody<T: Encodable>(_ value: T) throws -> Data {
        try AlpacaJSON.encoder().encode(value)
    }
}
