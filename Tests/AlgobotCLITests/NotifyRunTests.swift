import Audit
import Foundation
import Notify
import RuleLanguage
import Runtime
import Testing
import Vocabulary

/// `notify:` end to end: the built binary runs the README tour on the simulator with a webhook
/// on 127.0.0.1; the settings are checked like any YAML; the documentation lists everything.
@Suite struct NotifyRunTests {
    /// A settings file whose only webhook comes from `ALGOBOT_TEST_WEBHOOK`.
    static func settings(_ dir: CLITempDir, format: String = "json", events: String? = nil) throws -> String {
        let path = dir.file("algobot.yaml")
        try """
        config: notify-test
        notify:
          - url_env: ALGOBOT_TEST_WEBHOOK
            format: \(format)
        \(events.map { "    events: [\($0)]\n" } ?? "")
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func tour(_ dir: CLITempDir, config: String, webhook: String, extra: [String] = []) async throws -> RunProcessTests.Outcome {
        try await RunProcessTests.algobot(["run", "--config", config, "--policy", "rules/supervised.yaml", "--start", "2020-04-14",
                                           "--speed", "40", "--state", dir.file("state-tour"), "--env-file", dir.file("none.env")] + extra,
                                          in: dir, environment: ["ALGOBOT_TEST_WEBHOOK": webhook, "LLM_API_KEY": "llm-key-must-not-leak-0001"])
    }

    @Test func theTourSendsTheApproveCommandToTheWebhook() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let receiver = try await ProcessWebhookReceiver.start()
        defer { receiver.stop() }
        let result = try await Self.tour(dir, config: try Self.settings(dir), webhook: receiver.url, extra: ["--max-bars", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let received = receiver.requests
        let objects = received.compactMap { JSONValue.parse(Data($0.body.utf8)) }
        let events = objects.compactMap { $0["event"]?.stringValue }
        #expect(events.first == "approval_needed", "\(events)")
        #expect(events.contains("approval_expired") && events.contains("daily_summary") && events.last == "run_ended", "\(events)")
        let needed = try #require(objects.first)
        let order = try #require(needed["fields"]?["order"]?.stringValue)
        #expect(needed["fields"]?["approve"]?.stringValue == "algobot approvals approve \(order) --state \(dir.file("state-tour")) --note \"…\"")
        #expect(needed["fields"]?["reject"]?.stringValue?.hasPrefix("algobot approvals reject \(order) --state ") == true)
        #expect(needed["text"]?.stringValue?.contains("until 2020-04-15T20:00:00Z") == true)
        for request in received {
            #expect(!request.body.contains(receiver.url) && !request.body.contains("llm-key-must-not-leak-0001"))
        }
        let records = try AuditReader(path: StateFolder(dir.file("state-tour")).audit).readAll()
        let notes = records.compactMap { r -> NoteRecord? in if case .note(let n) = r.body { return n } else { return nil } }
        #expect(notes.filter { $0.kind == "notify_sent" }.count == received.count)
        #expect(try AuditVerifier.verify(path: StateFolder(dir.file("state-tour")).audit).ok)
        #expect(!(try String(contentsOfFile: StateFolder(dir.file("state-tour")).audit, encoding: .utf8)).contains(receiver.url))
    }

    /// A webhook that never answers: every bar is still decided and the run ends on time
    /// (the shutdown waits at most a few seconds for the queue, then records the give-up).
    @Test func aHangingWebhookDelaysNoDecision() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let receiver = try await WebhookReceiver.start(answering: .hang)
        defer { Task { await receiver.stop() } }
        let started = Date()
        let result = try await Self.tour(dir, config: try Self.settings(dir, format: "slack"), webhook: receiver.url,
                                         extra: ["--max-bars", "20"])
        let took = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").filter { $0.contains("equity") }.count == 20)
        #expect(took < 30, "the run took \(took) s")
        let records = try AuditReader(path: StateFolder(dir.file("state-tour")).audit).readAll()
        let decisions = records.compactMap { r -> DecisionRecord? in if case .decision(let d) = r.body { return d } else { return nil } }
        #expect(!decisions.isEmpty)
        let notes = records.compactMap { r -> NoteRecord? in if case .note(let n) = r.body { return n } else { return nil } }
        #expect(notes.contains { $0.kind == "notify_failed" }, "\(notes.map(\.kind))")
        #expect(!notes.contains { $0.kind == "notify_sent" })
    }

    @Test func aMissingWebhookVariableIsAnErrorThatNamesIt() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let result = try await RunProcessTests.algobot(["run", "--config", try Self.settings(dir), "--max-bars", "1", "--speed", "40",
                                                        "--state", dir.file("state"), "--env-file", dir.file("none.env")], in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains("algobot.yaml:3:5: notify url_env names ALGOBOT_TEST_WEBHOOK, which is not set"), "\(result.stderr)")
    }

    @Test func aBadFormatOrEventIsALocatedLintErrorWithAGuess() {
        let file = Linter().lint(text: """
            config: t
            notify:
              - url_env: HOOK
                format: slak
                events: [approval_neded]
            """ + "\n", path: "algobot.yaml")
        let messages = file.diagnostics.map { "\($0.span.description): \($0.message) — \($0.help ?? "")" }
        #expect(file.diagnostics.count == 2, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("algobot.yaml:4:13:") && $0.contains("did you mean 'slack'?") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("algobot.yaml:5:14:") && $0.contains("did you mean 'approval_needed'?") }, "\(messages)")
        let both = Linter().lint(text: "config: t\nnotify:\n  - { url: 'https://ntfy.sh/x', url_env: HOOK, format: ntfy }\n",
                                 path: "algobot.yaml")
        #expect(both.diagnostics.count == 1)
    }

    @Test func theSchemaTheDocsAndTheCodeNameTheSameEventsAndKeys() throws {
        let schema = try #require(JSONValue.parse(try Data(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("schemas/config.schema.json"))))
        let item = try #require(schema["properties"]?["notify"]?["items"])
        let events = item["properties"]?["events"]?["items"]?["enum"]
        #expect(events == .array(NotifyEvent.allCases.map { .string($0.rawValue) }))
        #expect(item["properties"]?["format"]?["enum"] == .array(NotifyFormat.allCases.map { .string($0.rawValue) }))
        let config = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("docs/CONFIG.md"), encoding: .utf8)
        let guide = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("docs/NOTIFY.md"), encoding: .utf8)
        guard case .object(let keys)? = item["properties"] else { Issue.record("no notify keys"); return }
        for (key, _) in keys { #expect(config.contains("| `notify[].\(key)` |"), "docs/CONFIG.md does not document notify[].\(key)") }
        for event in NotifyEvent.allCases { #expect(guide.contains("| `\(event.rawValue)` |"), "docs/NOTIFY.md does not list \(event.rawValue)") }
        for format in NotifyFormat.allCases { #expect(guide.contains("`format: \(format.rawValue)`"), "docs/NOTIFY.md does not show \(format.rawValue)") }
    }
}
