import Audit
import Foundation
import Vocabulary

/// A notification as its receiver reads it: the body bytes and the headers of one POST.
///
/// - `json`: `{"event": "approval_needed", "time": "…", "text": "…", "fields": {"order": "o-000001", …}}`
///   (keys in that order; `fields` in the notification's order).
/// - `slack`: `{"text": "…"}`, the text followed by the fields as `name: value` lines.
/// - `ntfy`: the same text as a plain body; `Title` is the event's title, `Priority` `high` for
///   what needs a person now (`NotifyEvent.isUrgent`), `Tags` the event id.
///
/// Every string goes through the redactor first, so no configured secret (the run's keys, any
/// webhook URL) can leave in a payload even if a message happened to contain one.
public struct NotificationPayload: Sendable, Equatable {
    public var body: [UInt8]
    public var headers: [(name: String, value: String)]

    public static func == (a: NotificationPayload, b: NotificationPayload) -> Bool {
        a.body == b.body && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    public init(_ notification: NotifyMessage, format: NotifyFormat, redactor: SecretRedactor) {
        let text = redactor.redact(notification.text)
        let fields = notification.fields.map { (redactor.redact($0.name), redactor.redact($0.value)) }
        switch format {
        case .json:
            body = JSONValue.object([
                ("event", .string(notification.event.rawValue)),
                ("time", .string(notification.time)),
                ("text", .string(text)),
                ("fields", .object(fields.map { ($0.0, JSONValue.string($0.1)) })),
            ]).bytes(pretty: false)
            headers = [("Content-Type", "application/json")]
        case .slack:
            body = JSONValue.object([("text", .string(Self.lines(text, fields)))]).bytes(pretty: false)
            headers = [("Content-Type", "application/json")]
        case .ntfy:
            body = Array(Self.lines(text, fields).utf8)
            headers = [("Content-Type", "text/plain; charset=utf-8"), ("Title", "algobot: \(notification.event.title)"),
                       ("Priority", notification.event.isUrgent ? "high" : "default"), ("Tags", notification.event.rawValue)]
        }
    }

    /// The text, then each field on its own line.
    static func lines(_ text: String, _ fields: [(String, String)]) -> String {
        ([text] + fields.map { "\($0.0): \($0.1)" }).joined(separator: "\n")
    }
}
