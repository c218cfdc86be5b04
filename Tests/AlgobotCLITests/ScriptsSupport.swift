import Foundation
import Testing

/// Runs the deployment scripts (bash) and the built `algobot` binary for the Scripts* tests.
/// Nothing here touches the network or Docker: the scripts run with `--dry-run` and with
/// DOCKER/SYSTEMCTL pointed at `true`.
enum ScriptsSupport {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var output: String { stdout + stderr }
    }

    /// The package root, found from this file's path (never the working directory).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("scripts/\(name)").path
    }

    /// The `algobot` executable built beside this test bundle (`swift build --build-tests`
    /// and `swift test` build it).
    static func algobotBinary() throws -> String {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("algobot"))
        }
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("algobot"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/algobot"))
        for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) {
            return url.path
        }
        throw ScriptsTestError("no built algobot binary next to the tests (looked at \(candidates.map(\.path))); run 'swift build' first")
    }

    /// Runs `executable` with `arguments` (see `ChildProcess`: output through files, an
    /// `async` wait that leaves the cooperative pool to the other tests).
    static func run(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:],
                    directory: URL? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.currentDirectoryURL = directory ?? packageRoot
        let outcome = try await ChildProcess.run(process)
        return Result(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }

    static func runScript(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        var fakes = ["DOCKER": "true", "SYSTEMCTL": "true", "SWIFT": "true"]
        for (key, value) in environment { fakes[key] = value }
        return try await run("/bin/bash", [script(name)] + arguments, environment: fakes)
    }

    static func temporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("algobot-\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A real audit log, written once per test run by `algobot backtest --audit` on the bundled
    /// strategy and data, so the tests follow the current record format.
    static let sampleAudit = Task<URL, any Error> {
        let folder = try temporaryDirectory(prefix: "audit-sample")
        let audit = folder.appendingPathComponent("audit.jsonl")
        let result = try await run(try algobotBinary(), ["backtest", "--audit", audit.path])
        guard result.status == 0, FileManager.default.fileExists(atPath: audit.path) else {
            throw ScriptsTestError("algobot backtest --audit failed (\(result.status)): \(result.output)")
        }
        return audit
    }

    /// A fresh state folder holding a copy of the sample audit log and `statusJSON` (when given).
    static func stateFolder(statusJSON: String?) async throws -> URL {
        let state = try temporaryDirectory(prefix: "state")
        let audit = try await sampleAudit.value
        try FileManager.default.copyItem(at: audit, to: state.appendingPathComponent("audit.jsonl"))
        if let statusJSON {
            try statusJSON.write(to: state.appendingPathComponent("status.json"), atomically: true, encoding: .utf8)
        }
        return state
    }
}

struct ScriptsTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
