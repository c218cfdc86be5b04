/// Run settings read from `algobot.yaml`: only what the file says (nil = not set there).
/// Precedence with flags, environment and defaults is resolved by the CLI.
public struct CheckedConfig: Sendable {
    public struct Value<T: Sendable>: Sendable {
        public let value: T
        /// `algobot.yaml:7:7`, for `algobot config show`.
        public let location: String
    }

    public let name: String
    public let file: String
    /// Every scalar setting by its dotted key (`mode`, `log.format`, `backtest.cash`), as text.
    public let values: [String: Value<String>]
    public let symbols: Value<[String]>?
    /// The `notify:` entries, in file order (schema-checked: a format, and a url or a url_env).
    public var notify: [NotifyEntry] = []

    public struct NotifyEntry: Sendable, Equatable {
        public var url: String?
        public var urlEnv: String?
        public var format: String
        /// nil: every event.
        public var events: [String]?
        /// `algobot.yaml:12:5`, where the entry starts.
        public var location: String
    }

    public func text(_ key: String) -> Value<String>? { values[key] }

    public func number(_ key: String) -> Value<Double>? {
        values[key].flatMap { v in Double(v.value).map { Value(value: $0, location: v.location) } }
    }
}
