import Foundation

/// The built `algobot` binary running as a child process, its output in files.
final class BotProcess {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    /// `.build/<configuration>/algobot`, next to the test bundle (or under the package root).
    static func binary() throws -> String {
        var candidates: [String] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("algobot").path)
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(Fixtures.packageRoot.appendingPathComponent(".build/debug/algobot").path)
        for path in candidates where FileManager.default.isExecutableFile(atPath: path) {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue { return path }
        }
        throw HarnessError.timeout("the algobot binary (build it with `swift build --build-tests`); looked in \(candidates)")
    }

    init(_ arguments: [String], environment: [String: String], directory: String, label: String) throws {
        stdoutPath = directory + "/\(label).stdout"
        stderrPath = directory + "/\(label).stderr"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit; returns its status, or nil on timeout.
    func wait(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return process.terminationStatus
    }

    /// The environment of this process without any Alpaca settings, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("APCA_") }
        environment.merge(extra) { $1 }
        return environment
    }
}
