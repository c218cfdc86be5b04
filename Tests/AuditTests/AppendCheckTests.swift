import Foundation
import Testing
@testable import Audit

/// Opening a log to append refuses a log whose end was tampered with, instead of building on
/// it (issue 12, defect 1): only an incomplete final line, what a crash leaves, is set aside.
@Suite struct AppendCheckTests {
    /// The 16-record sample log with its index, and its lines.
    private func indexedLog(in dir: TempDir) throws -> (String, [String]) {
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .beside)
        return (path, try dir.lines("audit.jsonl"))
    }

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Opens the log as `algobot halt` does and returns the error it refuses with.
    private func refusal(_ path: String) -> AuditError? {
        do {
            let log = try AuditLog(path: path, redactor: .none)
            try log.close()
            return nil
        } catch {
            return error as? AuditError
        }
    }

    @Test func deletedLastRecordsAreRefusedAndStayVisible() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        try dir.write("audit.jsonl", lines: Array(lines.dropLast(3)))
        let damaged = try bytes(path)
        let index = try bytes(AuditIndex.defaultPath(forLog: path))
        #expect(refusal(path) == .damagedLog(path: path, line: 14, reason: "the log ends after line 13, but its index lists "
            + "records up to seq 16: records were removed from the end"))
        #expect(try bytes(path) == damaged, "the log is left as it is")
        #expect(try bytes(AuditIndex.defaultPath(forLog: path)) == index, "the index is not rebuilt from the damaged log")
        #expect(try AuditVerifier.verify(path: path).problem == .endRemoved, "verify still sees it")
    }

    @Test func anEditedLastRecordIsRefused() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        var edited = lines
        edited[15] = edited[15].replacingOccurrences(of: "\"status\":\"filled\"", with: "\"status\":\"canceled\"")
        try dir.write("audit.jsonl", lines: edited)
        guard case .damagedLog(_, let line, let reason)? = refusal(path) else { Issue.record("not refused"); return }
        #expect(line == 16)
        #expect(reason.contains("does not match the one recorded in the index"))
        #expect(try !AuditVerifier.verify(path: path).ok)
    }

    @Test func aCutInTheMiddleIsNotATornLine() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        // Cut in the middle of line 5: it has no newline, but the index knows 16 records.
        let cut = lines.prefix(4).joined(separator: "\n") + "\n" + lines[4].prefix(40)
        try cut.write(toFile: path, atomically: false, encoding: .utf8)
        guard case .damagedLog(_, let line, let reason)? = refusal(path) else { Issue.record("not refused"); return }
        #expect(line == 5)
        #expect(reason.contains("its index lists records up to seq 16: the file was cut here; this is not an interrupted write"))
        #expect(!dir.exists("audit.jsonl.torn-1"), "nothing set aside")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == cut)
    }

    @Test func garbageLinesAfterTheEndAreRefused() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        try dir.write("audit.jsonl", lines: lines + ["garbage one", "garbage two"])
        #expect(refusal(path) == .damagedLog(path: path, line: 17, reason: "this line is not a valid audit record "
            + "(it is not valid JSON): it was changed or damaged"))
    }

    @Test func aForgedRecordAfterTheEndIsRefused() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        let forged = AuditRecord(seq: 17, at: "2024-04-03", wall: nil, prev: String(repeating: "ab", count: 32),
                                 body: .note(NoteRecord(kind: "test", message: "I was here")))
        let line = String(decoding: try AuditLineCodec.encode(forged), as: UTF8.self)
        try dir.write("audit.jsonl", lines: lines + [line])
        guard case .damagedLog(_, let bad, let reason)? = refusal(path) else { Issue.record("not refused"); return }
        #expect(bad == 17)
        #expect(reason.contains("the index does not know this record: it was added after the fact"))
    }

    @Test func aTornLineAfterTheIndexedEndIsStillSetAside() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        try dir.write("audit.jsonl", lines: lines + ["{\"at\":\"2024-04-0"], trailingNewline: false)
        let log = try AuditLog(path: path, redactor: .none)
        #expect(log.recovery?.line == 17)
        try log.close()
        #expect(try AuditVerifier.verify(path: path).ok)
    }

    @Test func anUnreadableIndexIsRefused() throws {
        let dir = TempDir()
        let (path, _) = try indexedLog(in: dir)
        let indexPath = AuditIndex.defaultPath(forLog: path)
        try Data(Self.randomBytes(5_000)).write(to: URL(fileURLWithPath: indexPath))
        let before = try bytes(path)
        guard case .unreadableIndex(let named, _, let reason)? = refusal(path) else { Issue.record("not refused"); return }
        #expect(named == indexPath)
        #expect(reason == "file is not a database")
        #expect(try bytes(path) == before)
        // Rebuilding over it is not done in passing either: it is moved aside first, as evidence.
        #expect(throws: AuditError.unreadableIndex(indexPath: indexPath, logPath: path, reason: "file is not a database")) {
            try AuditIndex.rebuild(logPath: path)
        }
    }

    @Test func withoutAnIndexTheWholeChainIsCheckedAndTheRebuildNoted() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        try FileManager.default.removeItem(atPath: AuditIndex.defaultPath(forLog: path))
        var edited = lines
        edited[4] = edited[4].replacingOccurrences(of: "\"price\":402.1", with: "\"price\":399.1")
        try dir.write("audit.jsonl", lines: edited)
        #expect(refusal(path) == .damagedLog(path: path, line: 5, reason: "this record was changed after it was written "
            + "(its hash does not match line 6)"))
        #expect(!dir.exists("audit.jsonl.index.sqlite"), "no index is built from a broken chain")

        try dir.write("audit.jsonl", lines: lines)
        let log = try AuditLog(path: path, redactor: .none)
        try log.close()
        let records = try AuditReader(path: path).readAll()
        #expect(records.count == 17)
        guard case .note(let note) = records[16].body else { Issue.record("expected a note"); return }
        #expect(note.kind == "index_rebuilt")
        #expect(note.message.contains("hash chain of all 16 records was checked"))
        #expect(try AuditVerifier.verify(path: path).message == "ok: 17 records, the hash chain is intact and agrees with the index")
    }

    @Test func aLogCutWhileOpenIsRefusedAtTheNextAppend() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        let log = try AuditLog(path: path, redactor: .none)
        try dir.write("audit.jsonl", lines: Array(lines.dropLast(3)))
        let cut = try bytes(path)
        #expect(throws: AuditError.self) { try log.append(.note(NoteRecord(kind: "test", message: "after the cut")), at: "2024-04-03") }
        #expect(try bytes(path) == cut)
        try log.close()
    }

    @Test func anotherWritersAppendsAreFollowedAndChecked() throws {
        let dir = TempDir()
        let (path, _) = try indexedLog(in: dir)
        let mine = try AuditLog(path: path, redactor: .none)
        let theirs = try AuditLog(path: path, redactor: .none)
        _ = try theirs.append(.note(NoteRecord(kind: "test", message: "theirs")), at: "2024-04-03")
        #expect(try mine.append(.note(NoteRecord(kind: "test", message: "mine")), at: "2024-04-03").seq == 18)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("not a record\n".utf8))
        try handle.close()
        #expect(throws: AuditError.self) { try mine.append(.note(NoteRecord(kind: "test", message: "again")), at: "2024-04-03") }
        try mine.close()
        try theirs.close()
    }

    /// Seeded, so a failure reproduces.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }
}
