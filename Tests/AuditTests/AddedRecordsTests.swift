import Foundation
import Testing
@testable import Audit
import Vocabulary

/// Records a backtest hands to its log with `add`: a `.batched` log's own writer thread
/// encodes, chains and writes them, in order, the bytes `append` writes; a record it cannot
/// write stops the ones after it and is reported to the engine.
@Suite struct AddedRecordsTests {
    private let long = String(repeating: "x", count: 4_000)

    private func notes(_ range: Range<Int>) -> [Sample.Entry] {
        range.map { Sample.Entry(at: "2024-03-29", body: .note(NoteRecord(kind: "bulk", message: "\($0) \(long)"))) }
    }

    @Test func addedRecordsAreTheLinesAppendingThemWrites() throws {
        let dir = TempDir()
        // Past several chunks and many batches, with appends (run start, run end) between adds.
        let entries = Sample.backtest + notes(0..<700) + Sample.backtest
        let log = try AuditLog(path: dir.file("added.jsonl"), durability: .batched, indexing: .onClose, redactor: .none)
        for (k, entry) in entries.enumerated() {
            if k % 100 == 0 { _ = try log.append(entry.body, at: entry.at) } else { try log.add(entry.body, at: entry.at) }
        }
        try log.waitForAdded()
        #expect(log.lastSequence == entries.count)
        try log.close()

        let plain = try AuditLog(path: dir.file("appended.jsonl"), indexing: .none, redactor: .none)
        for entry in entries { _ = try plain.append(entry.body, at: entry.at) }
        try plain.close()
        #expect(try dir.lines("added.jsonl") == dir.lines("appended.jsonl"))
        #expect(try AuditVerifier.verify(path: dir.file("added.jsonl")).recordCount == entries.count)
        let index = try AuditIndex.open(logPath: dir.file("added.jsonl"))
        #expect(try index.count() == entries.count)
    }

    @Test func aRecordThatCannotBeWrittenStopsTheRecordsAfterIt() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, durability: .batched, indexing: .onClose, redactor: .none)
        for entry in Sample.backtest.prefix(3) { try log.add(entry.body, at: entry.at) }
        // JSON has no NaN: this fill cannot be written.
        try log.add(.fill(FillRecord(orderId: "o-000001", clientOrderId: "c-1", brokerOrderId: nil, symbol: "SPY", side: .buy,
                                     qty: 24, price: .nan, commission: 0)), at: "2024-03-11")
        for entry in notes(0..<10) { try? log.add(entry.body, at: entry.at) }
        #expect(throws: AuditError.self) { try log.waitForAdded() }
        #expect(throws: AuditError.self, "nothing is added after the failure") {
            try log.add(.note(NoteRecord(kind: "late", message: "after")), at: "2024-03-30")
        }
        try log.close()
        #expect(try dir.lines("audit.jsonl").count == 3, "the records before the failure are written, none after it")
        #expect(try AuditVerifier.verify(path: path).recordCount == 3)
    }

    @Test func aFailureNobodyHeardOfIsThrownByClose() throws {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("audit.jsonl"), durability: .batched, indexing: .none, redactor: .none)
        try log.add(.runEnd(RunEnd(runId: "bt", status: "completed", summary: ["final_equity": .infinity])), at: "2024-03-28")
        #expect(throws: AuditError.self) { try log.close() }
        #expect(throws: AuditError.self, "a closed log takes no record") {
            try log.add(.note(NoteRecord(kind: "late", message: "after")), at: "2024-03-30")
        }
    }

    @Test func aNewLogsIndexIsBuiltBesideItAndMovedIntoPlace() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        // What a crashed build left behind is replaced.
        try dir.write("audit.jsonl.index.sqlite.building", lines: ["not an index"])
        let log = try AuditLog(path: path, durability: .batched, indexing: .onClose, redactor: .none)
        for entry in Sample.backtest + Sample.paper { try log.add(entry.body, at: entry.at) }
        try log.close()
        #expect(!dir.exists("audit.jsonl.index.sqlite.building"))
        #expect(!dir.exists("audit.jsonl.index.sqlite-journal"))
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.dump() == AuditIndex.rebuild(logPath: path, indexPath: path + ".fresh.sqlite").dump())
        #expect(try index.lookupIndexNames() == AuditIndex.lookupColumns.map { "records_\($0)" }.sorted())
        let mode = try index.db.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal", "like every index")
        #expect(try AuditVerifier.verify(path: path).recordCount == 16)
    }
}
