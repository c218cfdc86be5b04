import Foundation

/// Runs the built `algobot` executable as a user would, capturing its output.
enum AlgobotBinary {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var path: String {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("algobot").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("algobot").path,
            repoRoot.appendingPathComponent(".build/debug/algobot").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs with the repository as the working directory unless told otherwise.
    ///
    /// `async`, and it waits by polling, never by blocking: Swift Testing runs tests on the
    /// cooperative pool (two threads here), and a test blocked in `waitUntilExit` takes a
    /// thread away from every other test, so loopback servers in other tests answer late and
    /// their clients time out.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repoRoot
        if let environment { process.environment = environment }
        let outcome = try await ChildProcess.run(process)
        return Result(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("algobot-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
