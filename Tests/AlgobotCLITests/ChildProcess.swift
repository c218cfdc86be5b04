import Foundation

/// Runs a child process without blocking a thread of the cooperative pool: output goes to
/// files (a chatty child cannot fill a pipe and hang) and the wait is a polling sleep.
enum ChildProcess {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `process` (its executable, arguments, directory and environment set) and waits
    /// for it, at most `limit` seconds (then it is terminated).
    static func run(_ process: Process, stdin: FileHandle? = FileHandle.nullDevice, limit: TimeInterval = 600) async throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("algobot-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let stdin { process.standardInput = stdin }
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        var pause: UInt64 = 2_000_000
        while process.isRunning && Date() < deadline {
            try? await Task.sleep(nanoseconds: pause)
            pause = min(pause * 2, 50_000_000)
        }
        // SIGKILL: a child that hangs may ignore SIGTERM, and the wait below must end.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                       stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
