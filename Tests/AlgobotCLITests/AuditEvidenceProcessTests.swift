import Audit
import Foundation
import Testing

/// Issue 12's audit-evidence cases as they were run: the built binary against a state folder
/// whose audit log was tampered with, damaged, linked elsewhere or is not a file at all.
@Suite struct AuditEvidenceProcessTests {
    /// A state folder whose audit log holds `count` records and its index, as a bot leaves it.
    private func stateFolder(in dir: CLITempDir, records count: Int = 146, saying words: String = "record") throws -> String {
        let state = dir.file("st")
        let log = try AuditLog(path: state + "/audit.jsonl", durability: .fsyncOnClose, redactor: .none)
        for seq in 1...count {
            _ = try log.append(.note(NoteRecord(kind: "test", message: "\(words) \(seq)")), at: "2024-04-02T14:00:00Z")
        }
        try log.close()
        return state
    }

    private func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    private func write(_ lines: [String], to path: String) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Runs the binary from the package folder with no keys, killed after a minute.
    private func algobot(_ arguments: [String], in dir: CLITempDir) async throws -> AlgobotBinary.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AlgobotBinary.path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("APCA_") && !$0.key.hasPrefix("ALGOBOT_") }
        process.currentDirectoryURL = AlgobotBinary.repoRoot
        let run = try await ChildProcess.run(process, stdin: nil, limit: 60)
        return AlgobotBinary.Result(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    @Test func deletedLastLinesStayVisibleAfterAHalt() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = try stateFolder(in: dir)
        let audit = state + "/audit.jsonl"
        try write(Array(try lines(audit).dropLast(3)), to: audit)
        let before = try await algobot(["audit", "verify", audit], in: dir)
        #expect(before.status == 1)
        #expect(before.stderr.contains("index lists records up to seq 146"))

        let halt = try await algobot(["halt", "--reason", "routine", "--state", state], in: dir)
        #expect(halt.status == 1, "\(halt.stdout)")
        #expect(halt.stderr.contains("trading IS halted"))
        #expect(halt.stderr.contains("the audit record of the halt was NOT written"))
        #expect(halt.stderr.contains("RUNBOOK.md, \"Damaged audit log\""))
        #expect(FileManager.default.fileExists(atPath: state + "/HALT"), "a halt is a safety action: it takes effect")

        let after = try await algobot(["audit", "verify", audit], in: dir)
        #expect(after.status == 1, "the damage was not repaired: \(after.stdout)")
        #expect(after.stderr == before.stderr)
        #expect(!after.stdout.contains("agrees"))
    }

    @Test func anEditedLastRecordStaysVisibleAfterAHalt() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = try stateFolder(in: dir)
        let audit = state + "/audit.jsonl"
        var edited = try lines(audit)
        edited[145] = edited[145].replacingOccurrences(of: "record 146", with: "record 999")
        try write(edited, to: audit)
        _ = try await algobot(["halt", "--reason", "routine", "--state", state], in: dir)
        let after = try await algobot(["audit", "verify", audit], in: dir)
        #expect(after.status == 1)
        #expect(after.stderr.contains("line 146: this record was changed after it was written"))
    }

    @Test func aCutInTheMiddleIsNotSetAsideAsATornLine() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = try stateFolder(in: dir)
        let audit = state + "/audit.jsonl"
        let all = try lines(audit)
        try (all.prefix(54).joined(separator: "\n") + "\n" + all[54].prefix(30)).write(toFile: audit, atomically: false, encoding: .utf8)
        let halt = try await algobot(["halt", "--reason", "routine", "--state", state], in: dir)
        #expect(halt.status == 1)
        #expect(halt.stderr.contains("st/audit.jsonl:55: the audit log is damaged"))
        #expect(!FileManager.default.fileExists(atPath: audit + ".torn-1"), "nothing was set aside")
        let after = try await algobot(["audit", "verify", audit], in: dir)
        #expect(after.status == 1)
        #expect(after.stderr.contains("line 55: the file ends in the middle of this record"))
    }

    @Test func refusedHaltAndResumeSayWhatChanged() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = try stateFolder(in: dir, records: 4)
        let audit = state + "/audit.jsonl"
        try write(try lines(audit) + ["garbage", "more garbage"], to: audit)
        let damaged = try Data(contentsOf: URL(fileURLWithPath: audit))

        let halt = try await algobot(["halt", "--reason", "test", "--state", state], in: dir)
        #expect(halt.status == 1)
        #expect(halt.stderr.contains("trading IS halted: \(state)/HALT was written"))
        #expect(!halt.stderr.contains("nothing was changed"))
        #expect(FileManager.default.fileExists(atPath: state + "/HALT"))

        let resume = try await algobot(["resume", "--state", state], in: dir)
        #expect(resume.status == 1)
        #expect(resume.stderr.contains("trading is still halted: the resume could not be recorded"))
        #expect(FileManager.default.fileExists(atPath: state + "/HALT"), "no resume without its record")
        #expect(try Data(contentsOf: URL(fileURLWithPath: audit)) == damaged)
    }

    @Test func theRunRefusesALogWhoseEndWasRemoved() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = try stateFolder(in: dir, records: 10)
        let audit = state + "/audit.jsonl"
        try write(Array(try lines(audit).dropLast(2)), to: audit)
        let damaged = try Data(contentsOf: URL(fileURLWithPath: audit))
        let run = try await algobot(["run", "--max-bars", "2", "--speed", "40", "--state", state,
                                     "--env-file", dir.file("none.env")], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("the audit log is damaged"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: audit)) == damaged)
    }

    @Test func verifySaysWhatItLearnedFromTheIndex() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = try stateFolder(in: dir)
        let audit = state + "/audit.jsonl", index = audit + ".index.sqlite"
        let intact = try await algobot(["audit", "verify", audit], in: dir)
        #expect(intact.status == 0)
        #expect(intact.stdout.contains("ok: 146 records, the hash chain is intact and agrees with the index"))

        var generator = SystemRandomNumberGenerator()
        try Data((0..<5_000).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: index))
        let unreadable = try await algobot(["audit", "verify", audit], in: dir)
        #expect(unreadable.status == 3, "\(unreadable.stdout)")
        #expect(!unreadable.stdout.contains("agrees"))
        #expect(unreadable.stderr.contains("the index cannot be read"))

        try FileManager.default.removeItem(atPath: index)
        let missing = try await algobot(["audit", "verify", audit], in: dir)
        #expect(missing.status == 0)
        #expect(!missing.stdout.contains("agrees"))
        #expect(missing.stderr.contains("warning: \(audit): there is no index beside the log"))
    }

    @Test func aForgedAppendedLineIsNamed() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = try stateFolder(in: dir)
        let audit = state + "/audit.jsonl"
        let forged = #"{"at":"2024-04-02T14:00:00Z","body":{"kind":"test","message":"forged","type":"note"},"#
            + #""prev":"\#(String(repeating: "0", count: 63))1","seq":147}"#
        try write(try lines(audit) + [forged], to: audit)
        let verify = try await algobot(["audit", "verify", audit], in: dir)
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("line 147: this record does not continue the hash chain"), "\(verify.stderr)")
        #expect(!verify.stderr.contains("line 146: this record was changed"))
    }

    @Test func aKeptHeadIsPrintedAndChecked() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = try stateFolder(in: dir, records: 5)
        let audit = state + "/audit.jsonl"
        let verify = try await algobot(["audit", "verify", audit], in: dir)
        let head = try #require(verify.stdout.split(separator: "\n").last { $0.contains(": head ") }?
            .components(separatedBy: ": head ").last)
        #expect(head.hasPrefix("5:"))
        let export = try await algobot(["audit", "export", "--format", "jsonl", audit], in: dir)
        #expect(export.stderr.contains("head \(head)"), "the export names the head, off its data stream")
        #expect(export.stdout == (try String(contentsOfFile: audit, encoding: .utf8)))
        #expect(try await algobot(["audit", "verify", "--expect-head", head, audit], in: dir).status == 0)

        // Rewritten end to end, with a consistent chain and index.
        try FileManager.default.removeItem(atPath: state)
        _ = try stateFolder(in: dir, records: 6, saying: "rewritten record")
        let rewritten = try await algobot(["audit", "verify", "--expect-head", head, audit], in: dir)
        #expect(rewritten.status == 1)
        #expect(rewritten.stderr.contains("head check failed: expected record 5 to have sha256"))
    }

    @Test func aLinkedAuditLogIsNotFollowed() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let state = dir.file("st")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        // One line without a newline: what a crash mid-write leaves, so it would be "set aside".
        try "precious data".write(toFile: dir.file("victim.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: state + "/audit.jsonl", withDestinationPath: dir.file("victim.txt"))
        let halt = try await algobot(["halt", "--state", state], in: dir)
        #expect(halt.status == 1)
        #expect(halt.stderr.contains("is a symbolic link"))
        #expect(try String(contentsOfFile: dir.file("victim.txt"), encoding: .utf8) == "precious data")
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path) + FileManager.default.contentsOfDirectory(atPath: state)
        #expect(!entries.contains { $0.contains("torn") }, "\(entries)")
    }

    @Test func devicesAndPipesAreRefusedInBoundedTime() async throws {
        // Each run is killed after its deadline (before the fix, `/dev/zero` grew without bound).
        let dir = CLITempDir()
        defer { dir.remove() }
        let zero = try await algobot(["audit", "verify", "/dev/zero"], in: dir)
        #expect(zero.status == 1)
        #expect(zero.stderr.contains("/dev/zero is a character device, not a regular file"))
        #expect(mkfifo(dir.file("fifo"), 0o600) == 0)
        let fifo = try await algobot(["audit", "verify", dir.file("fifo")], in: dir)
        #expect(fifo.status == 1)
        #expect(fifo.stderr.contains("is a FIFO (named pipe), not a regular file"))
        try Data(repeating: UInt8(ascii: "{"), count: 4 << 20).write(to: URL(fileURLWithPath: dir.file("long.jsonl")))
        let long = try await algobot(["audit", "verify", dir.file("long.jsonl")], in: dir)
        #expect(long.status == 1)
        #expect(long.stderr.contains("long.jsonl:1: this line is longer than 1048576 bytes"))
    }
}
