import Audit
import Foundation
import Notify
import Testing
import Vocabulary

/// The notifier against a loopback webhook: the three formats byte for byte, retries with
/// growing pauses and a cap, a receiver that hangs never holding up the caller, an audit note
/// for every send and give-up, and no secret in any payload.
@Suite struct NotifierTests {
    static let message = NotifyMessage(event: .approvalNeeded, time: "2020-04-14T20:00:00Z",
                                       text: "buy 35 shares SPY waits for your approval until 2020-04-15T20:00:00Z",
                                       fields: [.init("order", "o-1"), .init("approve", "algobot approvals approve o-1 --state state")])
    static let fast = NotifyRetry(attempts: 3, timeout: .seconds(20), firstDelay: .milliseconds(20), maxDelay: .milliseconds(50))

    static func notes(_ log: MemoryAuditLog) -> [NoteRecord] {
        log.records.compactMap { if case .note(let n) = $0.body { return n } else { return nil } }
    }

    @Test func eachFormatIsWhatItsReceiverExpects() throws {
        let json = NotificationPayload(Self.message, format: .json, redactor: .none)
        #expect(String(decoding: json.body, as: UTF8.self) == #"{"event":"approval_needed","time":"2020-04-14T20:00:00Z","#
            + #""text":"buy 35 shares SPY waits for your approval until 2020-04-15T20:00:00Z","#
            + #""fields":{"order":"o-1","approve":"algobot approvals approve o-1 --state state"}}"#)
        let slack = NotificationPayload(Self.message, format: .slack, redactor: .none)
        #expect(String(decoding: slack.body, as: UTF8.self) == #"{"text":"buy 35 shares SPY waits for your approval until "#
            + #"2020-04-15T20:00:00Z\norder: o-1\napprove: algobot approvals approve o-1 --state state"}"#)
        let ntfy = NotificationPayload(Self.message, format: .ntfy, redactor: .none)
        #expect(String(decoding: ntfy.body, as: UTF8.self).hasPrefix("buy 35 shares SPY waits"))
        #expect(ntfy.headers.map(\.name) == ["Content-Type", "Title", "Priority", "Tags"])
        #expect(ntfy.headers.map(\.value) == ["text/plain; charset=utf-8", "algobot: Order waits for approval", "high", "approval_needed"])
    }

    @Test func aFailingWebhookIsRetriedThenDelivered() async throws {
        let receiver = try await WebhookReceiver.start(answering: .failing(count: 2, status: 500))
        defer { Task { await receiver.stop() } }
        let log = MemoryAuditLog()
        let notifier = Notifier(targets: [NotifyTarget(url: receiver.url, format: .json, index: 1)], sink: log, retry: Self.fast,
                                redactor: .none)
        notifier.notify(Self.message)
        await notifier.finish(within: .seconds(10))
        #expect(receiver.requests.count == 3)
        #expect(Self.notes(log).map(\.kind) == ["notify_sent"])
        #expect(Self.notes(log).first?.message == "approval_needed to notify[1] (json): delivered on attempt 3 (HTTP 200)")
        #expect(notifier.counts == Notifier.Counts(sent: 1, failed: 0, dropped: 0))
    }

    @Test func aWebhookThatNeverWorksIsGivenUpAndRecorded() async throws {
        let receiver = try await WebhookReceiver.start(answering: .status(404))
        defer { Task { await receiver.stop() } }
        let log = MemoryAuditLog()
        let notifier = Notifier(targets: [NotifyTarget(url: receiver.url, format: .slack, index: 2)], sink: log, retry: Self.fast,
                                redactor: .none)
        notifier.notify(Self.message)
        await notifier.finish(within: .seconds(10))
        #expect(receiver.requests.count == 3)
        #expect(Self.notes(log).map(\.message) == ["approval_needed to notify[2] (slack): given up after 3 of 3 attempts (last: HTTP 404)"])
        #expect(!log.lines.joined().contains(receiver.url), "the webhook URL is a secret")
    }

    @Test func pausesGrowAndStopAtTheCap() {
        let retry = NotifyRetry(attempts: 8, firstDelay: .seconds(1), maxDelay: .seconds(10))
        #expect((1...6).map { retry.delay(after: $0) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    /// A receiver that never answers: handing over stays instant, the buffer drops what does
    /// not fit (and says so), and a shutdown waits only as long as it is told.
    @Test func aHangingWebhookNeverHoldsUpTheCaller() async throws {
        let receiver = try await WebhookReceiver.start(answering: .hang)
        defer { Task { await receiver.stop() } }
        let log = MemoryAuditLog()
        let notifier = Notifier(targets: [NotifyTarget(url: receiver.url, format: .ntfy, index: 1)], sink: log,
                                retry: NotifyRetry(attempts: 2, timeout: .seconds(30)), capacity: 4, redactor: .none)
        let clock = ContinuousClock()
        let handing = clock.measure { for _ in 0..<200 { notifier.notify(Self.message) } }
        #expect(handing < .milliseconds(500), "200 notifications were handed over in \(handing)")
        let started = clock.now
        await notifier.finish(within: .milliseconds(300))
        // Each attempt may wait 30 s: only giving up at the limit (cancelling) ends this well before that.
        #expect(clock.now - started < .seconds(20))
        #expect(notifier.counts.dropped >= 190)
        #expect(Self.notes(log).contains { $0.kind == "notify_dropped" })
        #expect(Self.notes(log).contains { $0.kind == "notify_failed" && $0.message.contains("the run was stopping") })
    }

    /// No configured secret and no webhook URL ever leaves in a payload, even when a message carries one.
    @Test func noSecretInAnyPayload() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let key = "PKLEAKTEST0000000001", secret = "leak-test-secret-value-0001"
        let other = "https://hooks.slack.com/services/T000/B000/other-webhook-token"
        let redactor = SecretRedactor(secrets: [key, secret])
        let targets = [NotifyTarget(url: receiver.url, format: .json, index: 1), NotifyTarget(url: receiver.url, format: .slack, index: 2),
                       NotifyTarget(url: receiver.url, format: .ntfy, index: 3), NotifyTarget(url: other, format: .json, events: [.halted], index: 4)]
        let notifier = Notifier(targets: targets, sink: MemoryAuditLog(), retry: Self.fast, redactor: redactor)
        notifier.notify(NotifyMessage(event: .runCrashed, time: "2020-04-14T20:00:00Z",
                                      text: "the run stopped: 401 for key \(key) secret \(secret) posting to \(receiver.url) and \(other)",
                                      fields: [.init("detail", "\(key):\(secret)"), .init("url", receiver.url)]))
        await notifier.finish(within: .seconds(10))
        let received = receiver.requests
        #expect(received.count == 3, "the fourth target does not want run_crashed")
        for request in received {
            let everything = request.body + request.headers.values.joined()
            for leaked in [key, secret, receiver.url, other] { #expect(!everything.contains(leaked), "\(leaked) in \(everything)") }
            #expect(everything.contains("***"))
        }
    }
}
