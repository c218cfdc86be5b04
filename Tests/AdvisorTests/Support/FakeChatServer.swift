import Foundation
import HTTPTypes
import Hummingbird
import LoopbackServing
import NIOCore

/// A loopback OpenAI-compatible chat-completions server that records each request and
/// answers as told: a completion, an error status, a body that is not a completion, or
/// nothing for a while.
final class FakeChatServer: @unchecked Sendable {
    enum Answer: Sendable {
        case completion(String)
        case status(Int, String)
        case malformed
        case slow(Duration)
    }

    struct Recorded: Sendable {
        var method: String
        var path: String
        /// Lowercased names.
        var headers: [String: String]
        var body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    private let lock = NSLock()
    private var answer: Answer = .completion("ok")
    private var recorded: [Recorded] = []
    private var stopping = false
    private var serving: LoopbackServer?
    private(set) var port = 0

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    var requests: [Recorded] { lock.withLock { recorded } }

    func answer(with answer: Answer) { lock.withLock { self.answer = answer } }

    static func start() async throws -> FakeChatServer {
        let server = FakeChatServer()
        let serving = try await LoopbackServer.start(FakeChatResponder(server: server), label: "fake-chat")
        server.serving = serving
        server.port = serving.port
        return server
    }

    func stop() async {
        lock.withLock { stopping = true }
        await serving?.stop()
    }

    fileprivate func respond(to request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let answer = lock.withLock { () -> Answer in
            recorded.append(Recorded(method: request.method.rawValue, path: request.uri.path, headers: headers,
                                     body: Data(body.readableBytesView)))
            return self.answer
        }
        switch answer {
        case .completion(let text):
            let object: [String: Any] = [
                "id": "chatcmpl-1", "object": "chat.completion", "model": "fake",
                "choices": [["index": 0, "finish_reason": "stop", "message": ["role": "assistant", "content": text]]],
            ]
            return Self.response(200, String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        case .status(let code, let body):
            return Self.response(code, body)
        case .malformed:
            return Self.response(200, #"{"choices": "not a list"#)
        case .slow(let delay):
            // In small steps so that `stop()` does not wait for the whole delay.
            let until = ContinuousClock.now + delay
            while ContinuousClock.now < until && !lock.withLock({ stopping }) {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return Self.response(200, #"{"choices":[{"message":{"content":"too late"}}]}"#)
        }
    }

    private static func response(_ status: Int, _ body: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

private struct FakeChatResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let server: FakeChatServer

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        try await server.respond(to: request)
    }
}
