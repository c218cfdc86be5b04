import Foundation
import Logging
import Vocabulary

/// One JSON object per line: `{"label":…,"level":…,"message":…,"metadata":{…},"time":…}`
/// with sorted keys. Secrets in the message and metadata are replaced with `***`.
public struct JSONLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let output: LogOutput
    private let redactor: SecretRedactor
    private let clock: @Sendable () -> Date

    public init(label: String, output: LogOutput = .standardError, redactor: SecretRedactor = .configured,
                metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.label = label
        self.output = output
        self.redactor = redactor
        self.metadataProvider = metadataProvider
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = AlgobotLogging.merged(metadata, metadataProvider, event.metadata)
        var fields: [String: JSONValue] = [
            "time": .string(ISOTime(epochSeconds: clock().timeIntervalSince1970).utcTextMillis),
            "level": .string(event.level.rawValue),
            "label": .string(redactor.redact(label)),
            "message": .string(redactor.redact(event.message.description)),
            "metadata": .object(all.mapValues { Self.json($0, redactor) }),
        ]
        if let error = event.error { fields["error"] = .string(redactor.redact("\(error)")) }
        output.write(JSONValue.object(fields).serialized(pretty: false) + "\n")
    }

    static func json(_ value: Logger.MetadataValue, _ redactor: SecretRedactor) -> JSONValue {
        switch value {
        case .string(let s): return .string(redactor.redact(s))
        case .stringConvertible(let c): return .string(redactor.redact(c.description))
        case .array(let items): return .array(items.map { json($0, redactor) })
        case .dictionary(let dict): return .object(dict.mapValues { json($0, redactor) })
        }
    }
}
