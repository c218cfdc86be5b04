import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Hummingbird's request context, keeping the connection so a fault can close it unanswered.
struct SimRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Hands every request to the pipeline and carries out its outcome: answer, answer late, or
/// close the connection. Routing is ours, not Hummingbird's router, because Alpaca paths such
/// as `/v2/orders:by_client_order_id` and Alpaca's 404/405 bodies need exact control.
struct SimResponder: HTTPResponder {
    typealias Context = SimRequestContext
    static let maxBodyBytes = 1 << 20

    let pipeline: RequestPipeline

    func respond(to request: Request, context: SimRequestContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maxBodyBytes)
        let headers = request.headers
        let outcome = pipeline.handle(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, host: request.head.authority,
            headers: { name in HTTPField.Name(name).flatMap { headers[$0] } },
            body: Data(buffer.readableBytesView))
        switch outcome {
        case .drop:
            try? await context.channel.close()
            return Response(status: .internalServerError)
        case .respond(let planned, let delay):
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000) }
            return Self.response(planned)
        }
    }

    static func response(_ planned: PlannedResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in planned.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        let status = HTTPResponse.Status(code: planned.status)
        guard let data = planned.body else { return Response(status: status, headers: fields) }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Runs the Hummingbird application on 127.0.0.1 in a task and reports the bound port.
final class SimHTTPServer: @unchecked Sendable {
    private let pipeline: RequestPipeline
    private var task: Task<Void, Never>?
    private var group: ServiceGroup?

    init(pipeline: RequestPipeline) {
        self.pipeline = pipeline
    }

    func start(port: Int) async throws -> Int {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let failure = FailureBox()
        var logger = Logger(label: "algobot.simulator")
        logger.logLevel = .warning
        let app = Application(
            responder: SimResponder(pipeline: pipeline),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        // Our own group: no signal handlers (the CLI owns SIGINT/SIGTERM), and a bounded
        // graceful shutdown so a held slow response cannot keep `stop()` waiting.
        var groupConfig = ServiceGroupConfiguration(services: [.init(service: app)], logger: logger)
        groupConfig.maximumGracefulShutdownDuration = .seconds(1)
        let group = ServiceGroup(configuration: groupConfig)
        self.group = group
        task = Task {
            do {
                try await group.run()
            } catch {
                failure.set("\(error)")
            }
            continuation.finish()
        }
        for await bound in ports { return bound }
        task = nil
        throw SimulatorError.bindFailed(failure.get() ?? "the server stopped before it was listening")
    }

    /// Graceful shutdown: the listener closes, idle connections are closed, requests in flight
    /// finish (for at most a second).
    func stop() async {
        guard let task, let group else { return }
        self.task = nil
        self.group = nil
        await group.triggerGracefulShutdown()
        await task.value
    }

    private final class FailureBox: @unchecked Sendable {
        private let lock = NSLock()
        private var message: String?
        func set(_ text: String) { lock.lock(); message = text; lock.unlock() }
        func get() -> String? { lock.lock(); defer { lock.unlock() }; return message }
    }
}
