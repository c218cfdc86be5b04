import AsyncHTTPClient
import Audit
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Vocabulary

/// Asks an OpenAI-compatible chat-completions endpoint for the rationale.
///
/// One `POST <base>/chat/completions` per note, no retries, all within
/// `configuration.timeout`: a timeout, a connection error, a non-2xx answer or a body that
/// is not a chat completion gives an `unavailable` note with a short reason. It never
/// throws and never waits longer than the timeout (plus the moment it takes to cancel).
///
/// The key is sent only in the `Authorization` header. It is masked in every reason and
/// never logged; the prompt is never logged either (debug logs give its size).
public struct ChatCompletionsAdvisor: Advisor {
    public let configuration: ChatCompletionsConfiguration
    public var name: String { "chat:\(configuration.model)" }
    private let http: HTTPClient
    private let logger: Logger
    private let redactor: SecretRedactor

    /// Longest note kept; a longer answer is cut at a word and ends with "…".
    static let maxNoteCharacters = 1_000
    static let maxBodyBytes = 256 * 1024

    /// - Parameters:
    ///   - httpClient: defaults to the process-wide `HTTPClient.shared` (nothing to shut down).
    ///   - redactor: secrets to mask besides the key (defaults to every configured secret).
    public init(configuration: ChatCompletionsConfiguration, httpClient: HTTPClient = .shared,
                logger: Logger = Logger(label: "algobot.advisor"), redactor: SecretRedactor = .configured) {
        self.configuration = configuration
        self.http = httpClient
        self.logger = logger
        self.redactor = SecretRedactor(secrets: redactor.secrets + [configuration.apiKey.value])
    }

    public func rationale(for input: AdvisorInput) async -> AdvisorNote {
        let started = ContinuousClock.now
        let timeout = configuration.timeout
        let note: AdvisorNote
        do {
            let text = try await Self.within(timeout) { try await self.ask(input) }
            note = .ok(redactor.redact(text), advisor: name)
        } catch {
            note = .unavailable(redactor.redact(reason(for: error)), advisor: name)
        }
        let ms = Int((ContinuousClock.now - started).seconds * 1000)
        if note.status == .ok {
            logger.debug("advisor answered", metadata: ["advisor": "\(name)", "ms": "\(ms)"])
        } else {
            logger.warning("advisor unavailable", metadata: ["advisor": "\(name)", "ms": "\(ms)", "reason": "\(note.error ?? "")"])
        }
        return note
    }

    private func ask(_ input: AdvisorInput) async throws -> String {
        let body = try ChatWire.body(for: input, model: configuration.model, maxTokens: configuration.maxTokens)
        var request = HTTPClientRequest(url: configuration.endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey.value)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "algobot-advisor")
        request.body = .bytes(ByteBuffer(bytes: body))
        logger.debug("asking the chat advisor", metadata: [
            "advisor": "\(name)", "host": "\(configuration.baseURL.host ?? "")", "request_bytes": "\(body.count)",
        ])
        let deadline = TimeAmount.nanoseconds(Int64(configuration.timeout.seconds * 1e9))
        let response = try await http.execute(request, timeout: deadline)
        let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
        let data = Data(buffer.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            let detail = (try? JSONDecoder().decode(ChatWire.ErrorBody.self, from: data))?.error?.message
            throw Unavailable("the endpoint answered HTTP \(response.status.code)" + (detail.map { ": \(Self.clip($0, to: 160))" } ?? ""))
        }
        let answer: ChatWire.Response
        do {
            answer = try JSONDecoder().decode(ChatWire.Response.self, from: data)
        } catch {
            throw Unavailable("the answer was not a chat completion (expected choices[0].message.content)")
        }
        let text = answer.choices.first?.message.content?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else { throw Unavailable("the answer had no text") }
        return Self.clip(text, to: Self.maxNoteCharacters)
    }

    /// Runs `work`, giving up after `limit`; the loser is cancelled.
    static func within<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw Unavailable("no answer within \(limit.secondsText)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw Unavailable("no answer") }
            return first
        }
    }

    private func reason(for error: any Error) -> String {
        if let unavailable = error as? Unavailable { return unavailable.reason }
        if error is CancellationError { return "cancelled before an answer came" }
        if let client = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(client) {
                return "no answer within \(configuration.timeout.secondsText)"
            }
            return "request failed: \(Self.clip(String(describing: client), to: 160))"
        }
        return "could not reach \(configuration.baseURL.host ?? "the endpoint"): \(Self.clip(String(describing: error), to: 160))"
    }

    static func clip(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return String(atWord) + "…"
    }

    struct Unavailable: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    /// `5 s`, `0.25 s`
    var secondsText: String { "\(Money.plain(seconds)) s" }
}
