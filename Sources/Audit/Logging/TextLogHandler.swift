import Foundation
import Logging
import Vocabulary

/// One readable line per message:
/// `2024-03-08T14:30:00.000Z warning algobot.audit: message key=value other=value`
/// (metadata sorted by key). Secrets in the message and metadata are replaced with `***`.
public struct TextLogHandler: LogHandler {
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
        var line = ISOTime(epochSeconds: clock().timeIntervalSince1970).utcTextMillis
        line += " \(event.level.rawValue) \(redactor.redact(label)): "
        line += redactor.redact(event.message.description).replacingOccurrences(of: "\n", with: "\\n")
        for key in all.keys.sorted() {
            line += " \(key)=\(Self.quoted(AlgobotLogging.text(all[key]!, redactor)))"
        }
        if let error = event.error { line += " error=\(Self.quoted(redactor.redact("\(error)")))" }
        output.write(line + "\n")
    }

    /// Quotes values with spaces, quotes or newlines so a line stays one line.
    private static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0.isNewline || $0 == "=" }) else {
            return value
        }
        return JSONText.quote(value)
    }
}
