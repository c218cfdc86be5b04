import Foundation
import HTTPTypes
import Hummingbird
import LoopbackServing
import NIOCore

/// A loopback webhook (127.0.0.1 only) that records every POST and answers as told: a status
/// code, a few failures before a success, or nothing until it is stopped (a receiver that hangs).
final class WebhookReceiver: @unchecked Sendable {
    enum Answer: Sendable {
        case status(Int)
        /// `count` answers of `status`, then 200.
        case failing(count: Int, status: Int)
        case hang
    }

    struct Received: Sendable {
        var path: String
        /// Lowercased names.
        var headers: [String: String]
        var body: String
    }

    private let lock = NSLock()
    private var answer: Answer = .status(200)
    private var received: [Received] = []
    private var stopping = false
    private var serving: LoopbackServer?
    private(set) var port = 0

    /// The hook's URL; its path is a stand-in for the secret part of a real webhook URL.
    var url: String { "http://127.0.0.1:\(port)/hooks/T0000/B0000/webhook-token-\(port)" }
    var requests: [Received] { lock.withLock { received } }

    static func start(answering answer: Answer = .status(200)) async throws -> WebhookReceiver {
        let receiver = WebhookReceiver()
        receiver.answer = answer
        let serving = try await LoopbackServer.start(WebhookResponder(receiver: receiver), label: "webhook-receiver")
        receiver.serving = serving
        receiver.port = serving.port
        return receiver
    }

    func stop() async {
        lock.withLock { stopping = true }
        await serving?.stop()
    }

    /// Waits (at most `timeout` seconds) until `count` requests arrived.
    func waitFor(_ count: Int, timeout: Double = 20) async -> [Received] {
        let deadline = Date().addingTimeInterval(timeout)
        while requests.count < count && Date() < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return requests
    }

    fileprivate func respond(to request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let status = lock.withLock { () -> Int? in
            received.append(Received(path: request.uri.path, headers: headers, body: String(buffer: body)))
            switch answer {
            case .status(let code): return code
            case .failing(let count, let code):
                if count > 0 { answer = .failing(count: count - 1, status: code); return code }
                return 200
            case .hang: return nil
            }
        }
        guard let status else {
            // In small steps so that `stop()` does not wait forever.
            while !lock.withLock({ stopping }) { try? await Task.sleep(for: .milliseconds(20)) }
            return Response(status: .serviceUnavailable)
        }
        return Response(status: .init(code: status), headers: HTTPFields(), body: .init(byteBuffer: ByteBuffer(string: "ok")))
    }
}

private struct WebhookResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let receiver: WebhookReceiver

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        try await receiver.respond(to: request)
    }
}
