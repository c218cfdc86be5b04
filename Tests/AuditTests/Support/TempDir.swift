import Foundation

/// A fresh folder per test, removed when the test is done with it.
final class TempDir {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "audit-tests-\(safe)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func lines(_ name: String) throws -> [String] {
        let text = try String(contentsOfFile: file(name), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(text.hasSuffix("\n") ? 1 : 0)
    }

    func write(_ name: String, lines: [String], trailingNewline: Bool = true) throws {
        let text = lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")
        try text.write(toFile: file(name), atomically: false, encoding: .utf8)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
}

/// The fixtures folder, found from this file's location (never the working directory).
enum Fixtures {
    static let folder: String = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/audit").path
    }()

    static func path(_ name: String) -> String { folder + "/" + name }

    /// Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it instead.
    static func golden(_ name: String, _ actual: String) throws -> (expected: String, actual: String) {
        let file = path(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return (try String(contentsOfFile: file, encoding: .utf8), actual)
    }
}
