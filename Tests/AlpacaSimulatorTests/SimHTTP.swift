import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import MarketData
@testable import AlpacaSimulator
import Vocabulary

/// A running simulator plus a small HTTP client that talks to it over loopback.
struct SimHTTP {
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var data: Data

        var json: JSONValue { JSONValue.parse(data) ?? .null }
        var array: [JSONValue] { json.arrayValue ?? [] }
        subscript(key: String) -> JSONValue? { json[key] }
        var keys: Set<String> { json.keys }
        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    let simulator: AlpacaSimulator
    let port: Int
    var keyID = SimulatorConfig.defaultKeyID
    var secret = SimulatorConfig.defaultSecretKey

    static func start(_ config: SimulatorConfig = SimulatorConfig(), series: [BarSeries]? = nil) async throws -> SimHTTP {
        let simulator = try AlpacaSimulator(config: config, series: try series ?? SimFixtures.daily())
        let port = try await simulator.start()
        return SimHTTP(simulator: simulator, port: port)
    }

    func stop() async { await simulator.stop() }

    /// How long a request may take, in milliseconds, unless a test asks for less: a bound for a
    /// hung server, not a speed check. CI runs hundreds of tests at once on two cores, where an
    /// answer can wait seconds for a thread.
    static let patience: Int64 = 30_000

    func get(_ path: String, auth: Bool = true, timeout: Int64 = patience) async throws -> Reply {
        try await send(.GET, path, body: nil, auth: auth, timeout: timeout)
    }

    func post(_ path: String, _ body: Any, auth: Bool = true, timeout: Int64 = patience) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed])
        return try await send(.POST, path, body: data, auth: auth, timeout: timeout)
    }

    func delete(_ path: String) async throws -> Reply {
        try await send(.DELETE, path, body: nil, auth: true, timeout: Self.patience)
    }

    func send(_ method: HTTPMethod, _ path: String, body: Data?, auth: Bool, timeout: Int64,
              headers extra: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if auth {
            request.headers.add(name: "APCA-API-KEY-ID", value: keyID)
            request.headers.add(name: "APCA-API-SECRET-KEY", value: secret)
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(timeout))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, data: Data(buffer.readableBytesView))
    }

    /// Submits a market order for `qty` shares.
    func buy(_ symbol: String, qty: String, clientID: String? = nil, side: String = "buy") async throws -> Reply {
        var body: [String: Any] = ["symbol": symbol, "qty": qty, "side": side, "type": "market", "time_in_force": "day"]
        if let clientID { body["client_order_id"] = clientID }
        return try await post("/v2/orders", body)
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? { if case .array(let items) = self { return items } else { return nil } }
    var objectValue: [String: JSONValue]? {
        if case .object(let fields) = self { return Dictionary(fields, uniquingKeysWith: { first, _ in first }) } else { return nil }
    }
    var keys: Set<String> { Set(objectValue?.keys.map { $0 } ?? []) }
    var intValue: Int64? { if case .int(let n) = self { return n } else { return nil } }
    var doubleValue: Double? {
        switch self {
        case .int(let n): return Double(n)
        case .number(let d): return d
        default: return nil
        }
    }

    /// The JSON kind, for key-by-key shape comparisons with the fixtures.
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// Runs `body` against a fresh simulator on a free port and always stops it afterwards.
func withSimulator(_ config: SimulatorConfig = SimulatorConfig(), series: [BarSeries]? = nil,
                   _ body: (SimHTTP) async throws -> Void) async throws {
    let sim = try await SimHTTP.start(config, series: series)
    do {
        try await body(sim)
    } catch {
        await sim.stop()
        throw error
    }
    await sim.stop()
}
