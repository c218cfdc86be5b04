import Vocabulary

/// One `notify:` entry with its URL resolved: where to send, in which format, which events.
public struct NotifyTarget: Sendable, Equatable {
    /// The webhook or topic URL. A secret (whoever has it can post to your channel): it is
    /// registered with `SecretRegistry` and never written anywhere, not even in audit notes.
    public var url: String
    public var format: NotifyFormat
    /// The events to send; nil sends every event.
    public var events: Set<NotifyEvent>?
    /// How audit notes and logs name this target without its URL: `notify[1] (slack)`.
    public var label: String

    public init(url: String, format: NotifyFormat, events: Set<NotifyEvent>? = nil, index: Int) {
        self.url = url
        self.format = format
        self.events = events
        label = "notify[\(index)] (\(format.rawValue))"
    }

    public func wants(_ event: NotifyEvent) -> Bool { events?.contains(event) ?? true }
}
