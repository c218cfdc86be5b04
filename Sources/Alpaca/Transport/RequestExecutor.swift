import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends requests: adds the host and auth headers, paces by the rate-limit headers, retries
/// what may be retried, keeps the health state, and turns failures into `AlpacaError`s.
/// Headers are never logged and never copied into an error.
final class RequestExecutor: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    static let maxBodyBytes = 64 * 1024 * 1024

    let configuration: AlpacaConfiguration
    let health = HealthMonitor()
    let rateLimits = RateLimitTracker()
    private let http: HTTPClient

    init(configuration: AlpacaConfiguration, http: HTTPClient) {
        self.configuration = configuration
        self.http = http
    }

    var logger: Logger { configuration.logger }
    var scheduling: RetryScheduling { configuration.scheduling }

    /// Sends `spec`, retrying timeouts, connection errors, 5xx and 429 under the retry policy.
    func send(_ spec: RequestSpec) async throws -> Response {
        var budget = RetryBudget(policy: configuration.retryPolicy, scheduling: scheduling)
        while true {
            budget.startAttempt()
            let outcome = await sendOnce(spec, attempt: budget.attempts)
            switch outcome {
            case .success(let response):
                health.succeeded(attempts: budget.attempts, at: scheduling.now())
                return response
            case .failure(let error) where error is CancellationError:
                throw error
            case .failure(let failure):
                var error = failure as? AlpacaError ?? transportError(failure, spec: spec)
                error.attempts = budget.attempts
                guard error.isRetryable else {
                    health.answered(error, at: scheduling.now())
                    throw error
                }
                health.attemptFailed(error, at: scheduling.now())
                guard let delay = budget.delay(after: error) else {
                    health.exhausted(error, at: scheduling.now())
                    logger.error("alpaca request failed, giving up", metadata: metadata(spec, budget.attempts, error))
                    throw error
                }
                var details = metadata(spec, budget.attempts, error)
                details["alpaca.retry_in_ms"] = "\(Int(delay.inSeconds * 1000))"
                logger.warning("alpaca request failed, retrying", metadata: details)
                try await scheduling.sleep(delay)
            }
        }
    }

    /// One attempt, no retries: the order submitter decides itself what a failure means.
    /// Non-2xx answers come back as `AlpacaError`s with their status.
    func sendOnce(_ spec: RequestSpec, attempt: Int) async -> Result<Response, any Error> {
        do {
            let host = self.host(for: spec)
            if let pause = rateLimits.delayBeforeRequest(
                host: host, now: scheduling.now(), reserve: configuration.rateLimitReserve,
                maxDelay: configuration.retryPolicy.maxRateLimitDelay), pause > .zero
            {
                logger.notice("alpaca rate limit nearly used up, pausing",
                              metadata: ["alpaca.host": "\(host)", "alpaca.pause_ms": "\(Int(pause.inSeconds * 1000))"])
                try await scheduling.sleep(pause)
            }
            logger.debug("alpaca request", metadata: ["alpaca.method": "\(spec.method.rawValue)",
                                                      "alpaca.path": "\(spec.path)", "alpaca.attempt": "\(attempt)"])
            let response = try await perform(spec)
            rateLimits.record(host: host) { response.headers.first(name: $0) }
            guard (200..<300).contains(response.status) else {
                return .failure(httpError(spec, response))
            }
            return .success(response)
        } catch {
            return .failure(Task.isCancelled ? CancellationError() : error)
        }
    }

    private func perform(_ spec: RequestSpec) async throws -> Response {
        let base = spec.service == .trading ? configuration.tradingBaseURL : configuration.dataBaseURL
        var request = HTTPClientRequest(url: spec.url(base: base))
        request.method = spec.method
        request.headers.add(name: "APCA-API-KEY-ID", value: configuration.credentials.keyID)
        request.headers.add(name: "APCA-API-SECRET-KEY", value: configuration.credentials.secretKey)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "algobot")
        if let body = spec.body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = TimeAmount.nanoseconds(Int64(configuration.timeouts.request.inSeconds * 1e9))
        let response = try await http.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
        return Response(status: Int(response.status.code), headers: response.headers,
                        body: Data(buffer.readableBytesView))
    }

    func host(for spec: RequestSpec) -> String {
        let url = spec.service == .trading ? configuration.tradingBaseURL : configuration.dataBaseURL
        return "\(url.host ?? ""):\(url.port ?? 0)"
    }

    func httpError(_ spec: RequestSpec, _ response: Response) -> AlpacaError {
        let body = try? JSONDecoder().decode(ErrorBody.self, from: response.body)
        var message = body?.message
        if message == nil, !response.body.isEmpty {
            message = String(decoding: response.body.prefix(200), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let retryAfter = response.status == 429
            ? RateLimitTracker.serverRequestedDelay(header: { response.headers.first(name: $0) }, now: scheduling.now())
            : nil
        return AlpacaError(kind: .http(status: response.status), method: spec.method.rawValue, path: spec.path,
                           code: body?.code, message: message.map(configuration.credentials.redact),
                           retryAfter: retryAfter)
    }

    func transportError(_ error: any Error, spec: RequestSpec) -> AlpacaError {
        let kind: AlpacaError.Kind
        if let client = error as? HTTPClientError,
           [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .getConnectionFromPoolTimeout,
            .tlsHandshakeTimeout].contains(client)
        {
            kind = .timeout
        } else if case ChannelError.connectTimeout = error {
            kind = .timeout
        } else {
            kind = .connection(configuration.credentials.redact(String(describing: error)))
        }
        return AlpacaError(kind: kind, method: spec.method.rawValue, path: spec.path)
    }

    func decode<T: Decodable>(_ type: T.Type, from response: Response, spec: RequestSpec) throws -> T {
        do {
            return try AlpacaJSON.decoder().decode(type, from: response.body)
        } catch {
            let detail = configuration.credentials.redact("\(T.self): \(Self.describe(error))")
            throw AlpacaError(kind: .invalidResponse(detail), method: spec.method.rawValue, path: spec.path)
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "not valid JSON"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private func metadata(_ spec: RequestSpec, _ attempt: Int, _ error: AlpacaError) -> Logger.Metadata {
        ["alpaca.method": "\(spec.method.rawValue)", "alpaca.path": "\(spec.path)",
         "alpaca.attempt": "\(attempt)", "alpaca.error": "\(error.description)"]
    }
}
