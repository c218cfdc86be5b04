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

    /// Runs `executable` with `arguments`; output goes through files so a chatty command cannot
    /// fill a pipe and hang.
    static func run(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:],
                    directory: URL? = nil) throws -> Result {
        let scratch = try temporaryDirectory(prefix: "run")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.currentDirectoryURL = directory ?? packageRoot
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Runs a script from scripts/ with bash, with the deploy commands replaced by `true`.
    static func runScript(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        var fakes = ["DOCKER": "true", "SYSTEMCTL": "true", "SWIFT": "true"]
        for (key, value) in environment { fakes[key] = value }
        return try run("/bin/bash", [script(name)] + arguments, environment: fakes)
    }

    static func temporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("algobot-\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A real audit log, written once per test run by `algobot backtest --audit` on the bundled
    /// strategy and data, so the tests follow the current record format.
    static let sampleAudit: Swift.Result<URL, ScriptsTestError> = {
        do {
            let folder = try temporaryDirectory(prefix: "audit-sample")
            let audit = folder.appendingPathComponent("audit.jsonl")
            let result = try run(try algobotBinary(), ["backtest", "--audit", audit.path])
            guard result.status == 0, FileManager.default.fileExists(atPath: audit.path) else {
                return .failure(ScriptsTestError("algobot backtest --audit failed (\(result.status)): \(result.output)"))
            }
            return .success(audit)
        } catch let error as ScriptsTestError {
            return .failure(error)
        } catch {
            return .failure(ScriptsTestError("\(error)"))
        }
    }()

    /// A fresh state folder holding a copy of the sample audit log and `statusJSON` (when given).
    static func stateFolder(statusJSON: String?) throws -> URL {
        let state = try temporaryDirectory(prefix: "state")
        let audit = try sampleAudit.get()
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
