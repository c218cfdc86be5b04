import Foundation
import Testing

/// docs/RESULTS.md must say what a fresh run says.
@Suite struct ResultsPageTests {
    @Test func resultsPageMatchesAFreshRun() throws {
        let script = AlgobotBinary.repoRoot.appendingPathComponent("scripts/results.sh").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script, "--check"]
        process.currentDirectoryURL = AlgobotBinary.repoRoot
        var environment = ProcessInfo.processInfo.environment
        environment["ALGOBOT"] = AlgobotBinary.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/results.sh --check:\n\(text)")
    }
}
