import Vocabulary

/// One thing a person should hear about, as plain data: which event, when (market time,
/// ISO 8601), one or more sentences, and the facts behind them as named fields in a fixed order.
/// Built by the runtime from what it already recorded; it carries no secret (the run's keys and
/// webhook URLs are masked again before a payload leaves, `NotificationPayload`).
public struct NotifyMessage: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var event: NotifyEvent
    public var time: String
    public var text: String
    public var fields: [Field]

    public init(event: NotifyEvent, time: String, text: String, fields: [Field] = []) {
        self.event = event
        self.time = time
        self.text = text
        self.fields = fields
    }

    /// The value of the field `name`, if the notification has one.
    public subscript(field name: String) -> String? { fields.first { $0.name == name }?.value }
}
