import Foundation
import Logging

/// Where log lines go: standard error (the default) or any line sink. Lines from several
/// threads never interleave.
public final class LogOutput: @unchecked Sendable {
    private let lock = NSLock()
    private let sink: (String) -> Void

    /// `sink` receives each complete line, newline included.
    public init(sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    public static let standardError = LogOutput { line in
        _ = line.withCString { fputs($0, stderr) }
    }

    /// Collects lines in memory (tests, `--log-format` previews).
    public static func memory() -> (LogOutput, MemoryLines) {
        let lines = MemoryLines()
        return (LogOutput { lines.append($0) }, lines)
    }

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        sink(line)
    }
}

/// A thread-safe list of captured log lines.
public final class MemoryLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    public init() {}

    public func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        storage.append(line)
    }

    public var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    public var text: String { lines.joined() }
}

public enum LogFormat: String, Sendable, CaseIterable {
    case json, text
}

/// Builds the project's log handlers: `--log-format json|text`, `--log-level`.
public enum AlgobotLogging {
    /// A handler factory for `LoggingSystem.bootstrap` or `Logger(label:factory:)`.
    /// Every message and metadata value passes through `redactor`.
    public static func factory(format: LogFormat, level: Logger.Level, output: LogOutput = .standardError,
                               redactor: SecretRedactor = .configured,
                               clock: @escaping @Sendable () -> Date = { Date() }) -> @Sendable (String) -> any LogHandler {
        { label in
            switch format {
            case .json:
                var handler = JSONLogHandler(label: label, output: output, redactor: redactor, clock: clock)
                handler.logLevel = level
                return handler
            case .text:
                var handler = TextLogHandler(label: label, output: output, redactor: redactor, clock: clock)
                handler.logLevel = level
                return handler
            }
        }
    }

    /// Installs the handlers process-wide (call once, at start, after the secrets are registered).
    public static func bootstrap(format: LogFormat, level: Logger.Level, output: LogOutput = .standardError,
                                 redactor: SecretRedactor = .configured) {
        let make = factory(format: format, level: level, output: output, redactor: redactor)
        LoggingSystem.bootstrap { label in make(label) }
    }

    /// Merges handler, provider and call-site metadata (later wins), as swift-log specifies.
    static func merged(_ handler: Logger.Metadata, _ provider: Logger.MetadataProvider?, _ event: Logger.Metadata?) -> Logger.Metadata {
        var all = handler
        if let provided = provider?.get() { all.merge(provided) { $1 } }
        if let event { all.merge(event) { $1 } }
        return all
    }

    /// A metadata value as redacted text (text handler).
    static func text(_ value: Logger.MetadataValue, _ redactor: SecretRedactor) -> String {
        switch value {
        case .string(let s): return redactor.redact(s)
        case .stringConvertible(let c): return redactor.redact(c.description)
        case .array(let items): return "[" + items.map { text($0, redactor) }.joined(separator: ", ") + "]"
        case .dictionary(let dict):
            return "{" + dict.keys.sorted().map { "\($0)=\(text(dict[$0]!, redactor))" }.joined(separator: ", ") + "}"
        }
    }
}
