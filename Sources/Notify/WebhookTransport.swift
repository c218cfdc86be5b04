import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one POST and says what came back. A protocol so tests can count attempts without a
/// network; `HTTPWebhookTransport` is the real one.
public protocol WebhookTransport: Sendable {
    /// The response's status code; throws when there was none (refused, timed out, cut off).
    func post(url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async throws -> Int
}

/// POSTs with AsyncHTTPClient (`HTTPClient.shared`: nothing to shut down). Reads at most 64 KiB
/// of the answer and ignores it.
public struct HTTPWebhookTransport: WebhookTransport {
    private let http: HTTPClient

    public init(http: HTTPClient = .shared) {
        self.http = http
    }

    public func post(url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(name: "User-Agent", value: "algobot")
        request.body = .bytes(ByteBuffer(bytes: body))
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let response = try await http.execute(request, timeout: .milliseconds(Int64(seconds * 1000)))
        _ = try await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }
}
