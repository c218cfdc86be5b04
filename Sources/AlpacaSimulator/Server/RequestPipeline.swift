import Foundation
import Vocabulary

/// What the HTTP layer should do with a request.
enum PipelineOutcome {
    /// Answer, optionally after holding the answer back (a slow-response fault).
    case respond(PlannedResponse, delayMilliseconds: Int)
    /// Close the connection without answering.
    case drop
}

struct PlannedResponse {
    var status: Int
    var headers: [(String, String)]
    var body: Data?
}

/// The whole request path of the simulator without HTTP types: fault injection, rate limit,
/// authentication, routing and bookkeeping, all under one lock so requests, clock advances and
/// state snapshots never interleave.
final class RequestPipeline: @unchecked Sendable {
    private let lock = NSLock()
    private let timeline: SimTimeline
    private var config: SimulatorConfig
    private var exchange: SimExchange
    private var injector: FaultInjector
    private var limiter: RateLimiter
    private var counters = RequestCounters()
    private let wallClock: @Sendable () -> Double

    init(config: SimulatorConfig, timeline: SimTimeline, wallClock: @escaping @Sendable () -> Double) throws {
        try config.faults.validate()
        guard config.clock.barsPerSecond > 0, config.clock.barsPerSecond.isFinite else {
            throw SimulatorError.invalidClock("barsPerSecond must be a positive number, not \(config.clock.barsPerSecond)")
        }
        self.config = config
        self.timeline = timeline
        exchange = try SimExchange(timeline: timeline, config: config)
        injector = FaultInjector(plan: config.faults)
        limiter = RateLimiter(limit: config.rateLimitPerMinute)
        self.wallClock = wallClock
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Swift API (used by AlpacaSimulator and /sim routes)

    func advance(bars: Int) -> Int { withLock { exchange.advance(bars: max(0, bars)) } }

    func state() -> SimulatorState {
        withLock { SimulatorState(exchange: exchange, counters: counters, faultsFired: injector.fired) }
    }

    var faultPlan: FaultPlan { withLock { injector.plan } }

    func setFaultPlan(_ plan: FaultPlan) throws {
        try plan.validate()
        withLock { injector = FaultInjector(plan: plan) }
    }

    /// Back to the configured start: cash, orders, positions, clock, counters, rate windows and faults.
    func reset() {
        withLock {
            exchange = (try? SimExchange(timeline: timeline, config: config)) ?? exchange
            injector = FaultInjector(plan: config.faults)
            limiter = RateLimiter(limit: config.rateLimitPerMinute)
            counters = RequestCounters()
        }
    }

    // MARK: HTTP

    /// - Parameter host: the `Host` header (`:authority`); anything but a loopback name is refused.
    func handle(method: String, path: String, query: String?, host: String?, headers: (String) -> String?,
                body: Data) -> PipelineOutcome {
        guard LoopbackHost.accepts(host) else {
            return .respond(Self.json(403, .object(["message": .string(LoopbackHost.refusal)]), []), delayMilliseconds: 0)
        }
        if path == "/sim" || path.hasPrefix("/sim/") {
            // The same keys as the trading API: a page in a browser cannot send these headers
            // to another origin, so it cannot drive the clock, the faults or a reset.
            let (keyID, secret) = withLock { (config.apiKeyID, config.apiSecretKey) }
            guard headers("APCA-API-KEY-ID") == keyID, headers("APCA-API-SECRET-KEY") == secret else {
                return .respond(Self.json(APIError.unauthorized.status, APIError.unauthorized.body, []), delayMilliseconds: 0)
            }
            return .respond(ControlRoutes.handle(method: method, path: path, body: body, pipeline: self), delayMilliseconds: 0)
        }
        return withLock { handleAlpaca(method: method, path: path, query: query, headers: headers, body: body) }
    }

    private func handleAlpaca(method: String, path: String, query: String?, headers: (String) -> String?,
                              body: Data) -> PipelineOutcome {
        counters.total += 1
        let keyID = headers("APCA-API-KEY-ID")
        var rateHeaders: [(String, String)] = []
        var decision: RateLimiter.Decision?
        if limiter.isEnabled {
            // Alpaca counts the trading and the market-data API separately.
            let bucket = (keyID ?? "") + (path.hasPrefix("/v2/stocks") ? " data" : " trading")
            let taken = limiter.take(key: bucket, now: wallClock())
            decision = taken
            rateHeaders = limiter.headers(taken)
        }
        func answer(_ error: APIError) -> PipelineOutcome {
            .respond(Self.json(error.status, error.body, rateHeaders), delayMilliseconds: 0)
        }

        let fault = injector.decide(method: method, path: path, requestNumber: counters.total)
        switch fault?.kind {
        case .serverError?:
            return answer(.server(fault?.status ?? 503))
        case .rateLimit?:
            if var exhausted = decision {
                exhausted.remaining = 0
                rateHeaders = limiter.headers(exhausted)
            }
            return answer(.rateLimited)
        case .dropConnection?:
            return .drop
        default:
            break
        }
        if let decision, !decision.allowed {
            counters.rateLimited += 1
            return answer(.rateLimited)
        }
        guard keyID == config.apiKeyID, headers("APCA-API-SECRET-KEY") == config.apiSecretKey else {
            counters.unauthorized += 1
            return answer(path.hasPrefix("/v2/stocks") ? .dataUnauthorized : .unauthorized)
        }

        let parsedBody = body.isEmpty ? nil : JSONValue.parse(body)
        let result = SimRouter.route(method: method, path: path, query: SimRouter.parseQuery(query), body: parsedBody,
                                     exchange: &exchange)
        counters.byRoute[result.route, default: 0] += 1
        let response = Self.json(result.status, result.body, rateHeaders)
        switch fault?.kind {
        case .slowResponse?:
            return .respond(response, delayMilliseconds: fault?.delayMilliseconds ?? 0)
        case .responseLost?:
            if let status = fault?.status { return answer(.server(status)) }
            return .drop
        default:
            return .respond(response, delayMilliseconds: 0)
        }
    }

    static func json(_ status: Int, _ body: JSONValue?, _ headers: [(String, String)]) -> PlannedResponse {
        guard let body else { return PlannedResponse(status: status, headers: headers, body: nil) }
        return PlannedResponse(status: status, headers: headers + [("Content-Type", "application/json; charset=UTF-8")],
                               body: body.data)
    }

    // MARK: Control routes need the exchange under the same lock

    func advanceAndDescribe(bars: Int) -> JSONValue {
        withLock {
            let taken = exchange.advance(bars: max(0, bars))
            return .object(["advanced": .int(taken), "barIndex": .int(exchange.cursor), "atEnd": .bool(exchange.atEnd),
                            "clock": MarketClock.clock(timeline, now: exchange.now)])
        }
    }
}
