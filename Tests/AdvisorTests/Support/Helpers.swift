import Foundation
import Logging

/// A fresh folder per test, removed afterwards.
final class TempDir {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "advisor-tests-\(safe)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Paths found from this file's location, never the working directory.
enum Paths {
    static let repo: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func repoFile(_ relative: String) -> String { repo + "/" + relative }

    static func fixture(_ name: String) -> String { repo + "/Tests/Fixtures/advisor/" + name }

    /// Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it instead.
    static func golden(_ name: String, _ actual: String) throws -> String {
        let file = fixture(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return try String(contentsOfFile: file, encoding: .utf8)
    }
}

/// Every log line (message and all metadata), to assert on and scan for secrets.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var text: String { lock.withLock { stored.joined(separator: "\n") } }
    var lines: [String] { lock.withLock { stored } }

    func logger(label: String = "test.advisor") -> Logger {
        var logger = Logger(label: label) { _ in CaptureHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { lock.withLock { stored.append(line) } }
}

private struct CaptureHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    var metadataProvider: Logger.MetadataProvider?

    func log(event: LogEvent) {
        let extra = event.metadata
        let level = event.level, message = event.message
        let all = metadata.merging(extra ?? [:]) { _, new in new }
        let rendered = all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: " ")
        capture.append("\(level) \(message) \(rendered)")
    }
}
