import Foundation
import Testing
@testable import Audit

/// Each kind of tampering is reported at the right line, with words an operator understands.
@Suite struct TamperDetectionTests {
    /// A 16-record log without an index, so only the hash chain speaks.
    private func makeLog(in dir: TempDir) throws -> (String, [String]) {
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .none)
        return (path, try dir.lines("audit.jsonl"))
    }

    @Test func editedLineIsNamed() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        var edited = lines
        // Someone makes the fill look cheaper: line 5 is the fill at 402.1.
        #expect(edited[4].contains("\"price\":402.1"))
        edited[4] = edited[4].replacingOccurrences(of: "\"price\":402.1", with: "\"price\":399.1")
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(!result.ok)
        #expect(result.firstBadLine == 5)
        #expect(result.problem == .changed)
        #expect(result.message == "line 5: this record was changed after it was written (its hash does not match line 6)")
    }

    @Test func editedFirstLineIsNamed() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        var edited = lines
        edited[0] = edited[0].replacingOccurrences(of: "\"cash\":\"100000\"", with: "\"cash\":\"1000000\"")
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 1)
        #expect(result.problem == .changed)
    }

    @Test func editThatBreaksTheJSONIsNamed() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        var edited = lines
        edited[6] = String(edited[6].dropLast(3))
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 7)
        #expect(result.problem == .unreadable)
        #expect(result.message.hasPrefix("line 7: this line is not a valid audit record"))
    }

    @Test func deletedLineIsNamed() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        var edited = lines
        edited.remove(at: 6) // the blocked decision: "it never happened"
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 7)
        #expect(result.problem == .missing)
        #expect(result.message == "line 7: a record is missing before this line (seq 7): lines were deleted")
        #expect(result.recordCount == 6)
    }

    @Test func severalDeletedLinesAreCounted() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        var edited = lines
        edited.removeSubrange(2...4)
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 3)
        #expect(result.message == "line 3: 3 records are missing before this line (seq 3 to 5): lines were deleted")
    }

    @Test func deletedFirstLineIsNamed() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        try dir.write("audit.jsonl", lines: Array(lines.dropFirst()))
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 1)
        #expect(result.problem == .missing)
    }

    @Test func reorderedLinesAreNamed() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        var edited = lines
        edited.swapAt(9, 10)
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 10)
        #expect(result.problem == .outOfOrder)
        #expect(result.message == "line 10: records are out of order (this is seq 11, but seq 10 comes later, at line 11)")
    }

    @Test func lineMovedToTheEndIsReorderNotDeletion() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        var edited = lines
        let moved = edited.remove(at: 3)
        edited.append(moved)
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 4)
        #expect(result.problem == .outOfOrder)
        #expect(result.message.contains("seq 4 comes later, at line 16"))
    }

    @Test func repeatedLineIsNamed() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        var edited = lines
        edited.insert(lines[7], at: 8)
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 9)
        #expect(result.problem == .outOfOrder)
    }

    @Test func truncatedFileIsNamed() throws {
        let dir = TempDir()
        let (path, lines) = try makeLog(in: dir)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 40).write(to: URL(fileURLWithPath: path))
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == lines.count)
        #expect(result.problem == .truncated)
        #expect(result.message == "line 16: the file ends in the middle of this record (it has no line ending): "
            + "the file was truncated or a write was interrupted")
    }

    @Test func theIndexCatchesAChangedLastLineAndRemovedTail() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .beside)
        let lines = try dir.lines("audit.jsonl")

        var edited = lines
        edited[15] = edited[15].replacingOccurrences(of: "\"status\":\"filled\"", with: "\"status\":\"canceled\"")
        try dir.write("audit.jsonl", lines: edited)
        let changed = try AuditVerifier.verify(path: path)
        #expect(changed.firstBadLine == 16)
        #expect(changed.problem == .changed)
        #expect(changed.message.contains("does not match the one recorded in the index"))
        #expect(try AuditVerifier.verify(path: path, useIndex: false).ok, "the chain alone cannot see it")

        try dir.write("audit.jsonl", lines: Array(lines.prefix(14)))
        let removed = try AuditVerifier.verify(path: path)
        #expect(removed.firstBadLine == 15)
        #expect(removed.problem == .endRemoved)
        #expect(removed.message == "line 15: the log ends after line 14, but its index lists records up to seq 16: "
            + "records were removed from the end")
    }

    @Test func emptyLogIsIntact() throws {
        let dir = TempDir()
        try dir.write("audit.jsonl", lines: [], trailingNewline: false)
        let result = try AuditVerifier.verify(path: dir.file("audit.jsonl"))
        #expect(result.ok)
        #expect(result.recordCount == 0)
    }

    @Test func missingFileThrows() {
        #expect(throws: AuditError.self) { try AuditVerifier.verify(path: "/nonexistent/audit.jsonl") }
    }
}
