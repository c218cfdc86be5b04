import Foundation
import Testing

/// docs/RESULTS.md must say what a fresh run says.
@Suite struct ResultsPageTests {
    @Test func resultsPageMatchesAFreshRun() async throws {
        let script = AlgobotBinary.repoRoot.appendingPathComponent("scripts/results.sh").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script, "--check"]
        process.currentDirectoryURL = AlgobotBinary.repoRoot
        var environment = ProcessInfo.processInfo.environment
        environment["ALGOBOT"] = AlgobotBinary.path
        process.environment = environment
        let run = try await ChildProcess.run(process)
        #expect(run.status == 0, "scripts/results.sh --check:\n\(run.stdout)\(run.stderr)")
    }
}
