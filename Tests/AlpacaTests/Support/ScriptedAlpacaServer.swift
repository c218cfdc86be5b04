import Foundation
import HTTPTypes
import Hummingbird
import LoopbackServing
import NIOCore

/// A loopback HTTP server that answers like Alpaca from the fixture files and can be told to
/// misbehave in scripted ways. Every request is recorded for assertions.
final class ScriptedAlpacaServer: @unchecked Sendable {
    /// What to do with the next request to one route.
    indirect enum Step: Sendable {
        case reply(Int, String, headers: [String: String] = [:])
        case fixture(String, status: Int = 200, headers: [String: String] = [:])
        /// A body from errors.json, with its status.
        case alpacaError(String, headers: [String: String] = [:])
        /// Wait (past the client's timeout), then do `then`.
        case slow(Duration, then: Step)
        /// Close the connection without answering.
        case drop
        /// `POST /v2/orders` only: record the order as Alpaca would, then do `then`
        /// (e.g. `.drop`): "accepted but the response was lost".
        case acceptOrder(then: Step)
        /// Use the route's default behaviour.
        case normal
    }

    struct RecordedRequest: Sendable {
        var method: String
        var path: String
        /// Percent-decoded query items in the order sent.
        var query: [(String, String)]
        /// Header names lowercased.
        var headers: [String: String]
        var body: Data

        func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
        var route: String { "\(method) \(path)" }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    private let lock = NSLock()
    private var scripts: [String: [Step]] = [:]
    private var defaults: [String: Step] = [:]
    private var recorded: [RecordedRequest] = []
    /// Orders Alpaca "has", by client_order_id, as JSON objects.
    private var orders: [String: [String: Any]] = [:]
    private var orderCounter = 0
    private var serving: LoopbackServer?
    private var stopping = false
    private var isStopping: Bool { lock.withLock { stopping } }
    private(set) var port = 0

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var requests: [RecordedRequest] { lock.withLock { recorded } }
    func requests(_ route: String) -> [RecordedRequest] { requests.filter { $0.route == route } }
    var storedOrderCount: Int { lock.withLock { orders.count } }

    /// Queue steps for `route` ("GET /v2/account"); once used up, the default applies.
    func script(_ route: String, _ steps: [Step]) {
        lock.withLock { scripts[route, default: []].append(contentsOf: steps) }
    }

    /// The answer for `route` whenever no scripted step is queued.
    func setDefault(_ route: String, _ step: Step) {
        lock.withLock { defaults[route] = step }
    }

    static func start() async throws -> ScriptedAlpacaServer {
        let server = ScriptedAlpacaServer()
        let serving = try await LoopbackServer.start(ScriptResponder(server: server), label: "scripted-alpaca")
        server.serving = serving
        server.port = serving.port
        return server
    }

    func stop() async {
        lock.withLock { stopping = true }
        await serving?.stop()
    }

    // MARK: - Answering

    fileprivate func respond(to request: Request, context: ScriptContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let recordedRequest = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path,
            query: Self.parseQuery(request.uri.query), headers: headers, body: Data(body.readableBytesView))
        let step: Step = lock.withLock {
            recorded.append(recordedRequest)
            if var queue = scripts[recordedRequest.route], !queue.isEmpty {
                let next = queue.removeFirst()
                scripts[recordedRequest.route] = queue
                return next
            }
            return defaults[recordedRequest.route] ?? .normal
        }
        return try await perform(step, recordedRequest, context)
    }

    private func perform(_ step: Step, _ request: RecordedRequest, _ context: ScriptContext) async throws -> Response {
        switch step {
        case .reply(let status, let body, let headers):
            return Self.response(status, body, headers)
        case .fixture(let name, let status, let headers):
            return Self.response(status, try Fixtures.text(name), headers)
        case .alpacaError(let scenario, let headers):
            let (status, body) = try Fixtures.errorBody(scenario)
            return Self.response(status, body, headers)
        case .slow(let delay, let then):
            // In small steps so that `stop()` does not wait for the whole delay.
            let until = ContinuousClock.now + delay
            while ContinuousClock.now < until && !isStopping {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return try await perform(then, request, context)
        case .drop:
            try? await context.channel.close()
            return Self.response(500, "{}", [:])
        case .acceptOrder(let then):
            _ = storeOrder(request)
            return try await perform(then, request, context)
        case .normal:
            return try normalResponse(request)
        }
    }

    private func normalResponse(_ request: RecordedRequest) throws -> Response {
        switch request.route {
        case "POST /v2/orders":
            let clientOrderId = request.json["client_order_id"] as? String ?? ""
            if lock.withLock({ orders[clientOrderId] != nil }) {
                let (status, body) = try Fixtures.errorBody("duplicate_client_order_id")
                return Self.response(status, body, [:])
            }
            return Self.response(200, storeOrder(request), [:])
        case "GET /v2/orders:by_client_order_id":
            let clientOrderId = request.queryValue("client_order_id") ?? ""
            if let order = lock.withLock({ orders[clientOrderId] }) {
                return Self.response(200, Self.serialise(order), [:])
            }
            let (status, body) = try Fixtures.errorBody("order_not_found")
            return Self.response(status, body, [:])
        default:
            return Self.response(404, #"{"code":40410000,"message":"no script for \#(request.route)"}"#, [:])
        }
    }

    /// Builds the order Alpaca would return for this POST body, from the order fixture.
    @discardableResult
    private func storeOrder(_ request: RecordedRequest) -> String {
        let body = request.json
        var order = (try? JSONSerialization.jsonObject(with: Fixtures.data("order_limit_gtc_accepted.json")))
            as? [String: Any] ?? [:]
        let clientOrderId = body["client_order_id"] as? String ?? UUID().uuidString
        return lock.withLock {
            orderCounter += 1
            order["id"] = String(format: "00000000-0000-4000-8000-%012d", orderCounter)
            order["client_order_id"] = clientOrderId
            for key in ["symbol", "side", "type", "time_in_force"] { order[key] = body[key] ?? NSNull() }
            order["order_type"] = body["type"] ?? NSNull()
            for key in ["qty", "notional", "limit_price"] { order[key] = body[key] ?? NSNull() }
            orders[clientOrderId] = order
            return Self.serialise(order)
        }
    }

    private static func serialise(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func response(_ status: Int, _ body: String, _ headers: [String: String]) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let bytes = status == 204 ? ByteBuffer() : ByteBuffer(string: body)
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: bytes))
    }

    static func parseQuery(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String = { ($0.removingPercentEncoding ?? String($0)) }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// Keeps the channel so a step can drop the connection.
struct ScriptContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

struct ScriptResponder: HTTPResponder {
    let server: ScriptedAlpacaServer

    func respond(to request: Request, context: ScriptContext) async throws -> Response {
        try await server.respond(to: request, context: context)
    }
}
