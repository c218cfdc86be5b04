import Foundation
import Testing

/// Every deployment script answers `--help` with exit 0 and names its options, and refuses an
/// unknown option with exit 2 (so a typo never runs a half-understood deploy).
@Suite struct ScriptsHelpTests {
    static let expectedOptions: [(script: String, options: [String])] = [
        ("build.sh", ["--native", "--docker", "--output", "--pull", "--dry-run", "--help"]),
        ("deploy.sh", ["--docker", "--systemd", "--state", "--env", "--user", "--unit-dir", "--no-start",
                       "--dry-run", "--help"]),
        ("update.sh", ["--docker", "--systemd", "--state", "--algobot", "--backup-dir", "--service", "--no-pull",
                       "--status-unknown-ok", "--dry-run", "--help"]),
        ("check-static.sh", ["--help", "check-jsonschema", "hadolint", "shellcheck"]),
    ]

    @Test(arguments: expectedOptions.map(\.script))
    func helpExitsZeroAndListsOptions(script: String) async throws {
        let result = try await ScriptsSupport.runScript(script, ["--help"])
        #expect(result.status == 0, "\(script) --help: \(result.output)")
        #expect(result.stdout.hasPrefix("Usage: scripts/\(script)"))
        let options = try #require(Self.expectedOptions.first { $0.script == script }?.options)
        for option in options {
            #expect(result.stdout.contains(option), "\(script) --help does not mention \(option)")
        }
    }

    @Test(arguments: expectedOptions.map(\.script))
    func unknownOptionIsAUsageError(script: String) async throws {
        let result = try await ScriptsSupport.runScript(script, ["--no-such-option"])
        #expect(result.status == 2, "\(script): \(result.output)")
        #expect(result.stderr.contains("no-such-option"))
    }

    @Test(arguments: ["build.sh", "deploy.sh", "update.sh", "check-static.sh"])
    func scriptIsStrictBash(script: String) throws {
        let text = try String(contentsOfFile: ScriptsSupport.script(script), encoding: .utf8)
        #expect(text.hasPrefix("#!/usr/bin/env bash\n"))
        #expect(text.contains("\nset -euo pipefail\n"))
    }

    @Test func buildDryRunPrintsTheReleaseBuildAndChangesNothing() async throws {
        let result = try await ScriptsSupport.runScript("build.sh", ["--dry-run", "--output", "bin/never-written"],
                                                 environment: ["SWIFT": "swift"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("would run: swift build -c release --product algobot --static-swift-stdlib"))
        #expect(result.stdout.contains("would run: mv -f bin/never-written.tmp bin/never-written"))
        let written = ScriptsSupport.packageRoot.appendingPathComponent("bin/never-written").path
        #expect(!FileManager.default.fileExists(atPath: written))
    }

    @Test func dockerBuildDryRunUsesCompose() async throws {
        let result = try await ScriptsSupport.runScript("build.sh", ["--docker", "--pull", "--dry-run"], environment: ["DOCKER": "docker"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("would run: docker compose"))
        #expect(result.stdout.contains("build --pull algobot"))
    }
}
