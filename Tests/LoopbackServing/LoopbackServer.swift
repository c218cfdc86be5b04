import Hummingbird
import Logging
import ServiceLifecycle

/// A test's HTTP server on 127.0.0.1, on a port the kernel picks, stopped gracefully.
///
/// Stopping never cancels the task that serves: cancelling it while an accepted connection is
/// still waiting to be served traps inside NIO ("Deinited NIOAsyncWriter without calling
/// finish()", swift-nio #3481), and that crashed a whole test run once. A graceful shutdown
/// closes the listener and lets accepted connections finish, for at most `grace`; a server whose
/// handlers wait for something should end those waits before calling `stop()`.
public final class LoopbackServer: Sendable {
    /// The bound port.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    /// Serves `responder` until `stop()`. `label` names the server's (silenced) logger.
    public static func start<Responder: HTTPResponder>(_ responder: Responder, label: String,
                                                       grace: Duration = .seconds(2)) async throws -> LoopbackServer
    where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        var quiet = Logger(label: label)
        quiet.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: quiet)
        var configuration = ServiceGroupConfiguration(services: [.init(service: app)], logger: quiet)
        configuration.maximumGracefulShutdownDuration = grace
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            // A failure to bind ends the stream below without a port.
            try? await group.run()
            continuation.finish()
        }
        for await port in ports where port > 0 {
            return LoopbackServer(port: port, group: group, task: task)
        }
        await task.value
        throw LoopbackServerError.notListening(label)
    }

    private init(port: Int, group: ServiceGroup, task: Task<Void, Never>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Closes the listener, lets requests in flight finish, and returns once the server is gone.
    public func stop() async {
        await group.triggerGracefulShutdown()
        await task.value
    }
}

public enum LoopbackServerError: Error, CustomStringConvertible {
    case notListening(String)

    public var description: String {
        switch self {
        case .notListening(let label): return "the test server '\(label)' stopped before it was listening on 127.0.0.1"
        }
    }
}
