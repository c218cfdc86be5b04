import Foundation
import Testing
@testable import Audit

/// `audit verify` says what it learned from the index, says "agrees" only after comparing,
/// names the right line when a record is appended after the fact, and checks a kept head
/// (issue 12, defect 2, the forged-line report and the external anchor).
@Suite struct VerifyIndexTests {
    private func indexedLog(in dir: TempDir) throws -> (String, [String]) {
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .beside)
        return (path, try dir.lines("audit.jsonl"))
    }

    @Test func anUnreadableIndexIsAFindingNotAnAgreement() throws {
        let dir = TempDir()
        let (path, _) = try indexedLog(in: dir)
        try Data(AppendCheckTests.randomBytes(5_000)).write(to: URL(fileURLWithPath: AuditIndex.defaultPath(forLog: path)))
        let result = try AuditVerifier.verify(path: path)
        #expect(!result.ok)
        #expect(result.problem == nil, "the chain itself is intact")
        #expect(result.index == .unreadable(reason: "file is not a database"))
        #expect(!result.message.contains("agrees"))
        #expect(result.indexFinding?.contains("the index cannot be read (file is not a database)") == true)
    }

    @Test func aMissingIndexIsSaidNotPassedOverInSilence() throws {
        let dir = TempDir()
        let (path, _) = try indexedLog(in: dir)
        try FileManager.default.removeItem(atPath: AuditIndex.defaultPath(forLog: path))
        let result = try AuditVerifier.verify(path: path)
        #expect(result.ok)
        #expect(result.index == .missing)
        #expect(result.message == "ok: 16 records, the hash chain is intact")
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("its end could not be cross-checked") == true)
        #expect(result.warnings.first?.contains("algobot audit reindex") == true)
    }

    @Test func agreesOnlyAfterComparing() throws {
        let dir = TempDir()
        let (path, _) = try indexedLog(in: dir)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.index == .compared(indexedUpTo: 16))
        #expect(result.message == "ok: 16 records, the hash chain is intact and agrees with the index")
        #expect(result.warnings.isEmpty)
        #expect(try AuditVerifier.verify(path: path, useIndex: false).message == "ok: 16 records, the hash chain is intact")
    }

    @Test func anIndexBehindTheLogIsAWarning() throws {
        let dir = TempDir()
        let (path, _) = try indexedLog(in: dir)
        let log = try AuditLog(path: path, indexing: .none, redactor: .none)
        _ = try log.append(.note(NoteRecord(kind: "test", message: "written without the index")), at: "2024-04-03")
        try log.close()
        let result = try AuditVerifier.verify(path: path)
        #expect(result.ok)
        #expect(result.index == .compared(indexedUpTo: 16))
        #expect(!result.message.contains("agrees"))
        #expect(result.warnings.first?.hasPrefix("the index lists records up to seq 16 only: record 17 is not in it") == true)
    }

    @Test func aForgedAppendedLineIsNamedNotTheLineBeforeIt() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        let forged = AuditRecord(seq: 17, at: "2024-04-03", wall: nil, prev: String(repeating: "ab", count: 32),
                                 body: .note(NoteRecord(kind: "test", message: "I was here")))
        try dir.write("audit.jsonl", lines: lines + [String(decoding: try AuditLineCodec.encode(forged), as: UTF8.self)])
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 17)
        #expect(result.problem == .notChained)
        #expect(result.message == "line 17: this record does not continue the hash chain: its prev is not the hash of line 16, "
            + "which is as it was written (it matches the index), and the index does not know this record: it was added after the fact")

        // Without the index the chain cannot tell an appended line from an edited one before it.
        try FileManager.default.removeItem(atPath: AuditIndex.defaultPath(forLog: path))
        let alone = try AuditVerifier.verify(path: path)
        #expect(alone.firstBadLine == 17)
        #expect(alone.message.contains("the last record does not continue the hash chain"))
        #expect(alone.message.contains("or line 16 was changed"))
    }

    @Test func anEditedMiddleLineIsStillNamedWithTheIndex() throws {
        let dir = TempDir()
        let (path, lines) = try indexedLog(in: dir)
        var edited = lines
        edited[4] = edited[4].replacingOccurrences(of: "\"price\":402.1", with: "\"price\":399.1")
        try dir.write("audit.jsonl", lines: edited)
        let result = try AuditVerifier.verify(path: path)
        #expect(result.firstBadLine == 5)
        #expect(result.problem == .changed)
    }

    @Test func aKeptHeadCatchesALogRewrittenEndToEnd() throws {
        let dir = TempDir()
        let (path, _) = try indexedLog(in: dir)
        let kept = try #require(try AuditVerifier.verify(path: path).head)
        let expectation = try #require(HeadExpectation(kept.text))
        #expect(try AuditVerifier.verify(path: path, expectHead: expectation).ok)

        // Someone with write access rebuilds the whole chain (and its index) with one fill cheaper.
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.removeItem(atPath: AuditIndex.defaultPath(forLog: path))
        let log = try AuditLog(path: path, redactor: .none)
        for entry in Sample.backtest + Sample.paper {
            var body = entry.body
            if case .fill(var fill) = body, fill.price == 402.10 {
                fill.price = 399.10
                body = .fill(fill)
            }
            _ = try log.append(body, at: entry.at, wall: entry.wall)
        }
        try log.close()
        #expect(try AuditVerifier.verify(path: path).ok, "the rewritten chain is consistent")
        let checked = try AuditVerifier.verify(path: path, expectHead: expectation)
        #expect(!checked.ok)
        #expect(checked.headCheck?.matches == false)
        #expect(checked.headCheckText?.hasPrefix("head check failed: expected record 16 to have sha256 \(kept.hash), found ") == true)
    }

    @Test func aKeptHeadStaysValidAsTheLogGrows() throws {
        let dir = TempDir()
        let (path, _) = try indexedLog(in: dir)
        let kept = try #require(try AuditVerifier.verify(path: path).head)
        let log = try AuditLog(path: path, redactor: .none)
        _ = try log.append(.note(NoteRecord(kind: "test", message: "later")), at: "2024-04-03")
        try log.close()
        let withSeq = try AuditVerifier.verify(path: path, expectHead: try #require(HeadExpectation(kept.text)))
        #expect(withSeq.ok)
        #expect(withSeq.headCheckText == "head check: record 16 has the expected hash; 1 record was appended after it")
        let hashOnly = try AuditVerifier.verify(path: path, expectHead: try #require(HeadExpectation(kept.hash)))
        #expect(!hashOnly.ok, "the hash alone means: this is the last record")
        #expect(hashOnly.headCheckText?.contains("record 16 has the expected hash, and 1 record was appended after it") == true)
    }

    @Test func headExpectationsAreParsedStrictly() {
        let hash = String(repeating: "ab", count: 32)
        #expect(HeadExpectation("146:" + hash) == HeadExpectation(hash).map { var e = $0; e.seq = 146; return e })
        #expect(HeadExpectation(hash.uppercased())?.hash == hash)
        #expect(HeadExpectation("146") == nil)
        #expect(HeadExpectation("x:" + hash) == nil)
        #expect(HeadExpectation("-1:" + hash) == nil)
        #expect(HeadExpectation(String(hash.dropLast())) == nil)
        #expect(HeadExpectation("1:2:" + hash) == nil)
    }
}
