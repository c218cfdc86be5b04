import Foundation
import Testing
@testable import AlgobotCLI

/// `algobot init DIR` run as a user would, far from the checkout: the project it writes lints
/// clean, backtests on the history it carries and runs on the simulator, exactly as the
/// commands it prints say; it never overwrites anything.
@Suite struct InitCommandTests {
    /// A folder outside the repository to run from, and the project folder init creates in it.
    struct Sandbox {
        let dir = CLITempDir()
        var project: String { dir.file("my bot") }

        func entries(_ path: String) -> [String] {
            let enumerator = FileManager.default.enumerator(atPath: path)
            return (enumerator?.allObjects as? [String] ?? []).sorted()
        }
    }

    static let written = [
        ".env.example", ".gitignore", ".vscode", ".vscode/settings.json", "algobot.yaml", "data", "data/README.md",
        "data/daily", "data/daily/SPY.csv", "rules", "rules/limits.yaml", "schemas", "schemas/config.schema.json",
        "schemas/policy.schema.json", "schemas/strategy.schema.json", "strategies", "strategies/sma.yaml",
    ]

    @Test func aNewProjectLintsBacktestsAndRunsWithTheCommandsInitPrints() async throws {
        let sandbox = Sandbox()
        defer { sandbox.dir.remove() }
        let initialized = try await RunProcessTests.algobot(["init", sandbox.project], in: sandbox.dir,
                                                            workingDirectory: sandbox.dir.path)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(sandbox.entries(sandbox.project) == Self.written)
        for file in ProjectTemplate.files {
            #expect(initialized.stdout.contains("  \(file.path) "), "the summary does not list \(file.path)")
        }
        // The next steps it prints: `cd` into the project, then each algobot command there.
        let next = initialized.stdout.components(separatedBy: "Next:\n").last ?? ""
        let lines = next.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "cd '\(sandbox.project)'")
        let commands = lines.dropFirst().map { line in
            line.components(separatedBy: "  ").first!.split(separator: " ").dropFirst().map(String.init)
        }
        #expect(commands.map { $0.first } == ["lint", "backtest", "run"])
        for arguments in commands {
            let result = try await RunProcessTests.algobot(arguments, in: sandbox.dir, workingDirectory: sandbox.project)
            #expect(result.status == 0, "algobot \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)")
            if arguments == ["lint"] { #expect(result.stdout.contains("3 files checked: 0 errors, 0 warnings"), "\(result.stdout)") }
            if arguments == ["backtest"] { #expect(result.stdout.contains("SPY"), "\(result.stdout)") }
        }
        #expect(FileManager.default.fileExists(atPath: sandbox.project + "/state/audit.jsonl"), "the run kept its state in the project")
    }

    @Test func initWithoutAFolderWritesIntoTheWorkingFolder() async throws {
        let sandbox = Sandbox()
        defer { sandbox.dir.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.project, withIntermediateDirectories: true)
        let result = try await RunProcessTests.algobot(["init"], in: sandbox.dir, workingDirectory: sandbox.project)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote a new project in this folder"))
        #expect(!result.stdout.contains("  cd "))
        #expect(sandbox.entries(sandbox.project) == Self.written)
    }

    @Test func anyTakenPathStopsInitBeforeItWritesAnything() async throws {
        let sandbox = Sandbox()
        defer { sandbox.dir.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.project + "/rules", withIntermediateDirectories: true)
        try "config: mine\n".write(toFile: sandbox.project + "/algobot.yaml", atomically: true, encoding: .utf8)
        try "my notes\n".write(toFile: sandbox.project + "/data", atomically: true, encoding: .utf8)
        try "policy: mine\n".write(toFile: sandbox.project + "/rules/limits.yaml", atomically: true, encoding: .utf8)
        let before = sandbox.entries(sandbox.project)

        let result = try await RunProcessTests.algobot(["init", sandbox.project], in: sandbox.dir, workingDirectory: sandbox.dir.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nothing was written:\n  rules/limits.yaml\n  algobot.yaml\n  data (not a folder)\n"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(sandbox.entries(sandbox.project) == before)
        #expect(try String(contentsOfFile: sandbox.project + "/algobot.yaml", encoding: .utf8) == "config: mine\n")
        #expect(try String(contentsOfFile: sandbox.project + "/rules/limits.yaml", encoding: .utf8) == "policy: mine\n")
    }

    @Test func initTwiceRefusesTheSecondTimeAndChangesNothing() async throws {
        let sandbox = Sandbox()
        defer { sandbox.dir.remove() }
        let first = try await RunProcessTests.algobot(["init", sandbox.project], in: sandbox.dir, workingDirectory: sandbox.dir.path)
        #expect(first.status == 0, "\(first.stderr)")
        try "strategy: edited\n".write(toFile: sandbox.project + "/strategies/sma.yaml", atomically: true, encoding: .utf8)
        let second = try await RunProcessTests.algobot(["init", sandbox.project], in: sandbox.dir, workingDirectory: sandbox.dir.path)
        #expect(second.status == 1)
        for file in ProjectTemplate.files { #expect(second.stderr.contains("  \(file.path)\n"), "\(file.path) not listed") }
        #expect(try String(contentsOfFile: sandbox.project + "/strategies/sma.yaml", encoding: .utf8) == "strategy: edited\n")
    }

    @Test func aFileWhereTheFolderShouldBeIsRefused() async throws {
        let sandbox = Sandbox()
        defer { sandbox.dir.remove() }
        FileManager.default.createFile(atPath: sandbox.project, contents: Data("x".utf8))
        let result = try await RunProcessTests.algobot(["init", sandbox.project], in: sandbox.dir, workingDirectory: sandbox.dir.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is a file, not a folder; nothing was written"), "\(result.stderr)")
    }

    /// The files come from the binary; these are the repository's, byte for byte.
    @Test func embeddedStarterFilesMatchTheRepository() async throws {
        #expect(EmbeddedProject.all.map(\.path) == ["strategies/sma.yaml", "rules/limits.yaml", "algobot.yaml", ".env.example",
                                                    "data/daily/SPY.csv"])
        for (path, text) in EmbeddedProject.all {
            let file = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent(path), encoding: .utf8)
            #expect(text == file, "\(path) changed since it was embedded: run scripts/embed-project.sh and commit the result")
        }
        let check = try await ScriptsSupport.run("/bin/bash", [ScriptsSupport.script("embed-project.sh"), "--check"])
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func theDataReadmeSaysWhatTheBundledFileHolds() {
        let range = ProjectTemplate.spyRange
        #expect(range.rows == 5849 && range.first == "1998-01-02" && range.last == "2021-03-31")
        #expect(ProjectTemplate.dataReadme.contains("5849 daily bars of the SPDR S&P 500 ETF from 1998-01-02 to 2021-03-31"))
    }
}
