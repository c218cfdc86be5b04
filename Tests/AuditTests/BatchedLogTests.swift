import Foundation
import Testing
@testable import Audit
import Vocabulary

/// A backtest's log (`.batched`, `.onClose`): lines written in chunks while the file stays
/// locked, and the index made on close from the records in hand. Both must give exactly the
/// log and the index an unbatched log gives.
@Suite struct BatchedLogTests {
    private func size(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? -1
    }

    @Test func linesWaitForAChunkAndTheFileStaysLockedUntilClose() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, durability: .batched, indexing: .none, redactor: .none)
        let records = try Sample.write(Sample.backtest, to: log)
        #expect(records.map(\.seq) == Array(1...8))
        #expect(log.head.seq == 8)
        #expect(try size(path) == 0, "nothing is written before a chunk fills")

        let other = try PosixFile.open(path, flags: O_RDWR)
        defer { other.close() }
        #expect(flock(other.fd, LOCK_EX | LOCK_NB) != 0, "no other writer gets in while the log is open")
        try log.sync()
        #expect(try dir.lines("audit.jsonl").count == 8)

        // Past a chunk (about 1 MiB) the lines are written without waiting for the close.
        let long = String(repeating: "x", count: 4_000)
        for i in 0..<300 { _ = try log.append(.note(NoteRecord(kind: "bulk", message: "\(i) \(long)")), at: "2024-03-29") }
        let before = try size(path)
        #expect(before > 1_000_000 && before < 300 * 4_000)
        try Sample.write(Sample.paper, to: log)
        try log.close()
        #expect(flock(other.fd, LOCK_EX | LOCK_NB) == 0, "closing releases the lock")

        let unbatched = dir.file("unbatched.jsonl")
        let plain = try AuditLog(path: unbatched, indexing: .none, redactor: .none)
        try Sample.write(Sample.backtest, to: plain)
        for i in 0..<300 { _ = try plain.append(.note(NoteRecord(kind: "bulk", message: "\(i) \(long)")), at: "2024-03-29") }
        try Sample.write(Sample.paper, to: plain)
        try plain.close()
        #expect(try dir.lines("audit.jsonl") == dir.lines("unbatched.jsonl"))
        #expect(try AuditVerifier.verify(path: path).recordCount == 316)
    }

    @Test func aFileChangedBehindTheLockIsRefusedAndLeftAsItIs() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, durability: .batched, indexing: .none, redactor: .none)
        try Sample.write(Sample.backtest, to: log)
        try log.sync()
        try Sample.write(Sample.paper, to: log)
        // Something that ignores the lock appends a line.
        let stray = try PosixFile.open(path, flags: O_WRONLY | O_APPEND)
        try stray.writeAll(Array("{\"stray\":true}\n".utf8))
        stray.close()
        #expect(throws: AuditError.self) { try log.close() }
        let lines = try dir.lines("audit.jsonl")
        #expect(lines.count == 9 && lines.last == "{\"stray\":true}", "the stray line stays as evidence")
    }

    @Test func theIndexMadeOnCloseEqualsOneRebuiltFromTheLog() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, durability: .batched, indexing: .onClose, redactor: .none)
        try Sample.write(Sample.backtest + Sample.paper, to: log)
        #expect(!dir.exists("audit.jsonl.index.sqlite"))
        try log.close()
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.count() == 16)
        #expect(try index.dump() == AuditIndex.rebuild(logPath: path, indexPath: path + ".fresh.sqlite").dump())
        // An order update carries neither symbol nor decision id: they come from its order's decision.
        #expect(try index.find(AuditQuery(symbol: "SPY", type: "order_update")).map(\.seq) == [4, 6, 14, 16])
        // The lookup indexes, built after the rows went in, are all there.
        #expect(try index.lookupIndexNames() == AuditIndex.lookupColumns.map { "records_\($0)" }.sorted())
    }

    /// A second run appended to an indexed log: its order ids were used before, so the keys
    /// its records inherit come from the index, as a rebuild finds them.
    @Test func aSecondRunInheritsKeysAsARebuildDoes() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .beside)
        let log = try AuditLog(path: path, durability: .batched, indexing: .onClose, redactor: .none)
        try Sample.write(Sample.paper + Sample.backtest, to: log)
        try log.close()
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.count() == 32)
        #expect(try index.dump() == AuditIndex.rebuild(logPath: path, indexPath: path + ".fresh.sqlite").dump())
    }

    /// Records another writer added without the index come before this log's: the index is
    /// caught up from the file, and stays what a rebuild gives.
    @Test func aLaggingIndexIsCaughtUpFromTheFile() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .beside)
        let other = try AuditLog(path: path, indexing: .none, redactor: .none)
        try Sample.write(Sample.backtest, to: other)
        try other.close()
        let log = try AuditLog(path: path, durability: .batched, indexing: .onClose, redactor: .none)
        try Sample.write(Sample.paper, to: log)
        try log.close()
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.count() == 32)
        #expect(try index.dump() == AuditIndex.rebuild(logPath: path, indexPath: path + ".fresh.sqlite").dump())
    }
}
