import Foundation
import HTTPTypes
import Hummingbird
import LoopbackServing
import NIOCore

/// A broken Alpaca on 127.0.0.1: `GET /v2/account` answers with the caller's
/// `APCA-API-KEY-ID` header as the account's `cash`, the way a misconfigured proxy or a
/// hostile server could echo a key back. The clock and positions are normal, so the client
/// gets as far as decoding the account.
final class EchoingAlpacaServer: @unchecked Sendable {
    private let lock = NSLock()
    private var keysSeen: [String] = []
    private var serving: LoopbackServer?
    private(set) var port = 0

    var url: String { "http://127.0.0.1:\(port)" }
    /// The key ids the server received (to prove the echo really happened).
    var receivedKeyIDs: [String] { lock.withLock { keysSeen } }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/alpaca")

    static func start() async throws -> EchoingAlpacaServer {
        let server = EchoingAlpacaServer()
        let serving = try await LoopbackServer.start(EchoResponder(server: server), label: "echoing-alpaca")
        server.serving = serving
        server.port = serving.port
        return server
    }

    func stop() async {
        await serving?.stop()
    }

    fileprivate func answer(path: String, keyID: String) throws -> (Int, String) {
        lock.withLock { keysSeen.append(keyID) }
        switch path {
        case "/v2/clock":
            return (200, String(decoding: try Data(contentsOf: Self.fixtures.appendingPathComponent("clock.json")), as: UTF8.self))
        case "/v2/account":
            let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("account.json"))
            var account = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            account["cash"] = keyID
            let echoed = try JSONSerialization.data(withJSONObject: account, options: [.sortedKeys])
            return (200, String(decoding: echoed, as: UTF8.self))
        case "/v2/positions":
            return (200, "[]")
        default:
            return (404, #"{"code":40410000,"message":"not found"}"#)
        }
    }
}

private struct EchoResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let server: EchoingAlpacaServer

    func respond(to request: Request, context: Context) async throws -> Response {
        let keyID = HTTPField.Name("APCA-API-KEY-ID").flatMap { request.headers[$0] } ?? ""
        let (status, body) = try server.answer(path: request.uri.path, keyID: keyID)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
