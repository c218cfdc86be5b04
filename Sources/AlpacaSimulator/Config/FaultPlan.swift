/// Deterministic fault injection: which requests fail and how. Load it from the simulator
/// config, replace it at run time with `POST /sim/faults`, or set it from Swift.
///
/// ```json
/// {"seed": 7, "rules": [
///   {"kind": "serverError", "status": 503, "pathPrefix": "/v2/orders", "fromRequest": 40, "toRequest": 45},
///   {"kind": "slowResponse", "delayMilliseconds": 3000, "probability": 0.02},
///   {"kind": "responseLost", "pathPrefix": "/v2/orders", "method": "POST", "fromRequest": 3, "toRequest": 3}
/// ]}
/// ```
public struct FaultPlan: Codable, Sendable, Equatable {
    /// Seeds the per-rule generators used by `probability`.
    public var seed: UInt64
    public var rules: [FaultRule]

    public init(seed: UInt64 = 0, rules: [FaultRule] = []) {
        self.seed = seed
        self.rules = rules
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        rules = try c.decodeIfPresent([FaultRule].self, forKey: .rules) ?? []
    }

    /// Checks every rule; the error names the first bad one and what to change.
    public func validate() throws {
        for (index, rule) in rules.enumerated() {
            if let reason = rule.problem { throw SimulatorError.invalidFaultRule(index: index, reason: reason) }
        }
    }
}

/// One kind of failure for the requests it matches. Requests are counted per rule: `fromRequest`
/// and `toRequest` (1-based, inclusive) number only the requests whose method and path match.
public struct FaultRule: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Answer `status` (500–599, default 503) without handling the request.
        case serverError
        /// Answer 429 with Alpaca's rate-limit body, as if the quota were used up.
        case rateLimit
        /// Handle the request, then hold the response for `delayMilliseconds` (past a client's timeout).
        case slowResponse
        /// Close the connection without handling the request or answering.
        case dropConnection
        /// Handle the request (an order is created), then lose the answer: close the connection,
        /// or answer `status` (e.g. 504) when one is given.
        case responseLost
    }

    public var kind: Kind
    public var status: Int?
    public var delayMilliseconds: Int?
    /// Only paths starting with this; `/v2/` (every Alpaca endpoint) when absent.
    public var pathPrefix: String?
    /// Only this HTTP method (`GET`, `POST`, `DELETE`); any when absent.
    public var method: String?
    public var fromRequest: Int?
    public var toRequest: Int?
    /// Chance (0–1) that a matching request in range is hit; 1 when absent.
    public var probability: Double?
    /// Stop after this many hits.
    public var maxFires: Int?

    public init(kind: Kind, status: Int? = nil, delayMilliseconds: Int? = nil, pathPrefix: String? = nil,
                method: String? = nil, fromRequest: Int? = nil, toRequest: Int? = nil, probability: Double? = nil,
                maxFires: Int? = nil) {
        self.kind = kind
        self.status = status
        self.delayMilliseconds = delayMilliseconds
        self.pathPrefix = pathPrefix
        self.method = method
        self.fromRequest = fromRequest
        self.toRequest = toRequest
        self.probability = probability
        self.maxFires = maxFires
    }

    var effectivePathPrefix: String { pathPrefix ?? "/v2/" }

    func matches(method: String, path: String) -> Bool {
        if let wanted = self.method, wanted.uppercased() != method.uppercased() { return false }
        return path.hasPrefix(effectivePathPrefix)
    }

    func inRange(_ number: Int) -> Bool {
        if let from = fromRequest, number < from { return false }
        if let to = toRequest, number > to { return false }
        return true
    }

    /// Why the rule cannot work, or nil.
    var problem: String? {
        switch kind {
        case .serverError:
            if let status, !(500...599).contains(status) { return "serverError status \(status) is not 500–599" }
        case .slowResponse:
            guard let delay = delayMilliseconds, delay > 0 else { return "slowResponse needs delayMilliseconds > 0" }
        case .responseLost:
            if let status, !(500...599).contains(status) { return "responseLost status \(status) is not 500–599; leave it out to drop the connection" }
        case .rateLimit, .dropConnection:
            break
        }
        if let p = probability, !(0...1).contains(p) { return "probability \(p) is not between 0 and 1" }
        if let from = fromRequest, from < 1 { return "fromRequest counts from 1" }
        if let from = fromRequest, let to = toRequest, to < from { return "toRequest \(to) is before fromRequest \(from)" }
        if let max = maxFires, max < 0 { return "maxFires cannot be negative" }
        if let prefix = pathPrefix, !prefix.hasPrefix("/") { return "pathPrefix '\(prefix)' must start with /" }
        return nil
    }
}

/// A fault that hit a request (reported by `GET /sim/state`).
public struct FiredFault: Codable, Sendable, Equatable {
    public var rule: Int
    public var kind: FaultRule.Kind
    /// The request's number among all Alpaca requests the server received (1-based).
    public var requestNumber: Int
    public var method: String
    public var path: String
}
