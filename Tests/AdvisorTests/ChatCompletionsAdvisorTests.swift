import Audit
import Foundation
import Testing
@testable import Advisor

/// The chat-completions advisor against a loopback fake: what it sends, and that every way
/// of failing gives an `unavailable` note within the timeout, with the key nowhere.
@Suite("Chat-completions advisor", .serialized)
struct ChatCompletionsAdvisorTests {
    static let key = "sk-test-0123456789abcdefSECRET"

    private func advisor(_ server: FakeChatServer, timeout: Duration = .seconds(30), logs: LogCapture = LogCapture(),
                         baseURL: String? = nil) throws -> ChatCompletionsAdvisor {
        let configuration = try ChatCompletionsConfiguration.fromEnvironment(
            ["LLM_API_KEY": Self.key, "LLM_BASE_URL": baseURL ?? server.baseURL, "LLM_MODEL": "fake-model"], timeout: timeout)
        return ChatCompletionsAdvisor(configuration: configuration, logger: logs.logger(), redactor: .none)
    }

    private func withServer(_ body: (FakeChatServer) async throws -> Void) async throws {
        let server = try await FakeChatServer.start()
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("POSTs an OpenAI-compatible request with the bearer key, the model and the summary as JSON")
    func request() async throws {
        try await withServer { server in
            server.answer(with: .completion("  The fast average rose above the slow one; every limit passed.  "))
            let note = try await advisor(server).rationale(for: AdvisorInput(Sample.allowed))
            #expect(note == .ok("The fast average rose above the slow one; every limit passed.", advisor: "chat:fake-model"))

            let sent = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(sent.method == "POST")
            #expect(sent.path == "/v1/chat/completions")
            #expect(sent.headers["authorization"] == "Bearer \(Self.key)")
            #expect(sent.headers["content-type"] == "application/json")
            let body = sent.json
            #expect(Set(body.keys) == ["model", "messages", "max_tokens", "temperature"])
            #expect(body["model"] as? String == "fake-model")
            #expect(body["max_tokens"] as? Int == 200)
            #expect(body["temperature"] as? Double == 0)
            let messages = try #require(body["messages"] as? [[String: String]])
            #expect(messages.map { $0["role"] } == ["system", "user"])
            #expect(messages[0]["content"]?.contains("cannot place, change, approve, veto or cancel orders") == true)
            let summary = try JSONDecoder().decode(AdvisorInput.self, from: Data((messages[1]["content"] ?? "").utf8))
            #expect(summary == AdvisorInput(Sample.allowed))
            // Nothing beyond the summary: no ids, no file paths, no key.
            let text = String(decoding: sent.body, as: UTF8.self)
            for absent in [Sample.allowed.id, Sample.allowed.order.orderId, Sample.allowed.order.clientOrderId,
                           "strategies/sma.yaml", Sample.strategy.sha256, Self.key] {
                #expect(!text.contains(absent), "the request body contains \(absent)")
            }
        }
    }

    @Test("HTTP 500 → unavailable with the status and the server's message, key masked")
    func serverError() async throws {
        try await withServer { server in
            server.answer(with: .status(500, #"{"error":{"message":"upstream overloaded for key \#(Self.key)"}}"#))
            let note = try await advisor(server).rationale(for: AdvisorInput(Sample.blocked))
            #expect(note.status == .unavailable)
            #expect(note.text.isEmpty)
            #expect(note.error == "the endpoint answered HTTP 500: upstream overloaded for key ***")
        }
    }

    @Test("401 and 429 are unavailable too, never retried")
    func otherStatuses() async throws {
        try await withServer { server in
            for code in [401, 429] {
                server.answer(with: .status(code, "nope"))
                let note = try await advisor(server).rationale(for: AdvisorInput(Sample.blocked))
                #expect(note.error == "the endpoint answered HTTP \(code)")
            }
            #expect(server.requests.count == 2)
        }
    }

    @Test("a body that is not a chat completion → unavailable")
    func malformed() async throws {
        try await withServer { server in
            server.answer(with: .malformed)
            let note = try await advisor(server).rationale(for: AdvisorInput(Sample.allowed))
            #expect(note.status == .unavailable)
            #expect(note.error == "the answer was not a chat completion (expected choices[0].message.content)")

            server.answer(with: .completion("   "))
            #expect(try await advisor(server).rationale(for: AdvisorInput(Sample.allowed)).error == "the answer had no text")
        }
    }

    @Test("an endpoint slower than the timeout → unavailable, within the timeout")
    func slow() async throws {
        try await withServer { server in
            server.answer(with: .slow(.seconds(60)))
            let started = ContinuousClock.now
            let note = try await advisor(server, timeout: .milliseconds(300)).rationale(for: AdvisorInput(Sample.allowed))
            let elapsed = ContinuousClock.now - started
            #expect(note.status == .unavailable)
            #expect(note.error == "no answer within 0.3 s")
            // About 0.3 s; loose because parallel tests on two cores can hold up the task
            // pool. Waiting for the answer would take a minute.
            #expect(elapsed < .seconds(20), "took \(elapsed)")
        }
    }

    @Test("nothing listening → unavailable within the timeout, not a throw")
    func unreachable() async throws {
        let server = try await FakeChatServer.start()
        let closedURL = server.baseURL
        await server.stop()
        let started = ContinuousClock.now
        let note = try await advisor(server, timeout: .milliseconds(500), baseURL: closedURL).rationale(for: AdvisorInput(Sample.allowed))
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(note.status == .unavailable)
        // The HTTP client keeps retrying a refused connection until the deadline, so the
        // reason is usually the timeout; a fast failure names the host.
        let reason = note.error ?? ""
        #expect(reason == "no answer within 0.5 s" || reason.hasPrefix("could not reach 127.0.0.1"), "\(reason)")
    }

    @Test("the key and the prompt never reach the logs or the notes")
    func keyNeverLogged() async throws {
        try await withServer { server in
            let logs = LogCapture()
            var notes: [AdvisorNote] = []
            for answer: FakeChatServer.Answer in [.completion("fine, key \(Self.key)"), .status(503, #"{"error":{"message":"\#(Self.key)"}}"#),
                                                  .malformed, .slow(.seconds(120))] {
                server.answer(with: answer)
                // A wide margin: this test is about what is logged, not the timeout's length, and
                // a loaded machine must not turn the first answer into a timeout.
                notes.append(try await advisor(server, timeout: .seconds(30), logs: logs).rationale(for: AdvisorInput(Sample.allowed)))
            }
            #expect(notes.map(\.status) == [.ok, .unavailable, .unavailable, .unavailable])
            #expect(notes[0].text == "fine, key ***")
            #expect(!logs.lines.isEmpty, "the advisor logs its failures")
            #expect(!logs.text.contains(Self.key))
            #expect(!logs.text.contains("cannot place"), "the system prompt is not logged")
            #expect(!logs.text.contains("crosses_above"), "the decision summary is not logged")
            let audit = MemoryAuditLog()
            for note in notes {
                _ = try audit.append(.advisorNote(note.record(decisionId: "d")), at: "2024-03-08", wall: nil)
            }
            #expect(audit.lines.count == 4)
            #expect(!audit.lines.joined().contains(Self.key))
            let configuration = try advisor(server).configuration
            var dumped = ""
            dump(configuration, to: &dumped)
            for text in ["\(configuration)", String(reflecting: configuration), dumped] {
                #expect(!text.contains(Self.key))
            }
        }
    }
}
