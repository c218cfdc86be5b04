import Foundation
import Testing
@testable import Audit

/// State files are opened only as regular files, never through a link, with a bounded line
/// length, and created private (issue 12, defects 9 and 10 and the hardening).
@Suite struct FileSafetyTests {
    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aLinkedLogIsRefusedAndItsTargetUntouched() throws {
        let dir = TempDir()
        try "precious\nnot an audit log\n".write(toFile: dir.file("victim.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.file("audit.jsonl"), withDestinationPath: dir.file("victim.txt"))
        #expect(throws: AuditError.notRegularFile(path: dir.file("audit.jsonl"), kind: "a symbolic link")) {
            try AuditLog(path: dir.file("audit.jsonl"), redactor: .none)
        }
        #expect(throws: AuditError.notRegularFile(path: dir.file("audit.jsonl"), kind: "a symbolic link")) {
            try AuditVerifier.verify(path: dir.file("audit.jsonl"))
        }
        #expect(try String(contentsOfFile: dir.file("victim.txt"), encoding: .utf8) == "precious\nnot an audit log\n")
        #expect(!dir.exists("audit.jsonl.torn-1") && !dir.exists("victim.txt.torn-1"))
    }

    @Test func aLinkedIndexIsRefused() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        let index = AuditIndex.defaultPath(forLog: path)
        try FileManager.default.moveItem(atPath: index, toPath: dir.file("elsewhere.sqlite"))
        try FileManager.default.createSymbolicLink(atPath: index, withDestinationPath: dir.file("elsewhere.sqlite"))
        #expect(throws: AuditError.unreadableIndex(indexPath: index, logPath: path, reason: "it is a symbolic link")) {
            try AuditLog(path: path, redactor: .none)
        }
        #expect(try AuditVerifier.verify(path: path).index == .unreadable(reason: "it is a symbolic link"))
    }

    @Test func aPlantedTornNameIsSkippedNotFollowed() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        try "precious".write(toFile: dir.file("victim.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path + ".torn-1", withDestinationPath: dir.file("victim.txt"))
        try dir.write("audit.jsonl", lines: try dir.lines("audit.jsonl") + ["{\"at\":\"2024-04-0"], trailingNewline: false)
        let log = try AuditLog(path: path, redactor: .none)
        #expect(log.recovery?.setAsidePath == path + ".torn-2")
        try log.close()
        #expect(try String(contentsOfFile: dir.file("victim.txt"), encoding: .utf8) == "precious")
        #expect(try mode(path + ".torn-2") == 0o600)
    }

    @Test func devicesPipesAndFoldersAreRefusedBeforeReading() throws {
        #expect(throws: AuditError.notRegularFile(path: "/dev/zero", kind: "a character device")) {
            try AuditVerifier.verify(path: "/dev/zero")
        }
        let dir = TempDir()
        #expect(mkfifo(dir.file("fifo"), 0o600) == 0)
        // Opening a FIFO for reading would wait for a writer forever.
        #expect(throws: AuditError.notRegularFile(path: dir.file("fifo"), kind: "a FIFO (named pipe)")) {
            try AuditVerifier.verify(path: dir.file("fifo"))
        }
        #expect(throws: AuditError.notRegularFile(path: dir.path, kind: "a folder")) {
            try AuditReader(path: dir.path).readAll()
        }
        #expect(throws: AuditError.notRegularFile(path: "/dev/zero", kind: "a character device")) {
            try AuditLog(path: "/dev/zero", redactor: .none)
        }
    }

    @Test func aLineLongerThanAnyRecordIsNamedNotBuffered() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .none)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "x"), count: 3 << 20))
        try handle.close()
        let tooLong = AuditError.lineTooLong(path: path, line: 17, limit: 1 << 20)
        #expect(throws: tooLong) { try AuditVerifier.verify(path: path) }
        #expect(throws: tooLong) { try AuditReader(path: path).readAll() }
        var sink = MemorySink()
        #expect(throws: tooLong) { try AuditExporter.export(logPath: path, format: .jsonl, into: &sink) }
        #expect(throws: tooLong) { try AuditIndex.rebuild(logPath: path) }
        #expect(throws: tooLong) { try AuditLog(path: path, redactor: .none) }
        #expect(tooLong.description == "\(path):17: this line is longer than 1048576 bytes, the most an audit record may have: "
            + "the file is not an audit log, or it was damaged")
    }

    @Test func aRecordTooLongToReadBackIsNotWritten() throws {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("audit.jsonl"), redactor: .none)
        let huge = String(repeating: "x", count: 1 << 20)
        #expect(throws: AuditError.self) { try log.append(.note(NoteRecord(kind: "test", message: huge)), at: "2024-04-03") }
        _ = try log.append(.note(NoteRecord(kind: "test", message: "short")), at: "2024-04-03")
        try log.close()
        #expect(try AuditVerifier.verify(path: dir.file("audit.jsonl")).recordCount == 1)
    }

    @Test func newStateFilesArePrivate() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        #expect(try mode(path) == 0o600)
        #expect(try mode(AuditIndex.defaultPath(forLog: path)) == 0o600)
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        _ = try queue.list(now: "2024-04-02T14:00:00Z")
        #expect(try mode(dir.file("approvals.sqlite")) == 0o600)
        try StateFile.write(Data("{}".utf8), to: dir.file("status.json"))
        #expect(try mode(dir.file("status.json")) == 0o600)
        try StateFile.prepareForLibrary(dir.file("bars.sqlite"))
        #expect(try mode(dir.file("bars.sqlite")) == 0o600)
    }

    /// A run keeps `state/bars.sqlite` with SQLite, which opens by name and follows links.
    @Test func aLinkPlantedWhereTheBarStoreGoesIsRefused() throws {
        let dir = TempDir()
        try "precious".write(toFile: dir.file("victim.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.file("bars.sqlite"), withDestinationPath: dir.file("victim.txt"))
        #expect(throws: AuditError.notRegularFile(path: dir.file("bars.sqlite"), kind: "a symbolic link")) {
            try StateFile.prepareForLibrary(dir.file("bars.sqlite"))
        }
        #expect(try String(contentsOfFile: dir.file("victim.txt"), encoding: .utf8) == "precious")
    }

    @Test func stateFilesReplaceALinkNotItsTarget() throws {
        let dir = TempDir()
        try "precious".write(toFile: dir.file("victim.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.file("HALT"), withDestinationPath: dir.file("victim.txt"))
        #expect(StateFile.exists(dir.file("HALT")))
        #expect(throws: AuditError.notRegularFile(path: dir.file("HALT"), kind: "a symbolic link")) { try StateFile.read(dir.file("HALT")) }
        try StateFile.write(Data("{}".utf8), to: dir.file("HALT"))
        #expect(try String(contentsOfFile: dir.file("victim.txt"), encoding: .utf8) == "precious")
        #expect(try StateFile.read(dir.file("HALT")) == Data("{}".utf8))
    }
}
