import Foundation
import Testing
@testable import Audit

@Suite struct AuditLogTests {
    @Test func appendAssignsSeqAndChainsHashes() throws {
        let dir = TempDir()
        let records = try Sample.makeLog(at: dir.file("audit.jsonl"))
        #expect(records.map(\.seq) == Array(1...16))
        #expect(records[0].prev == AuditRecord.genesisHash)

        let lines = try dir.lines("audit.jsonl")
        #expect(lines.count == 16)
        for i in 1..<lines.count {
            #expect(records[i].prev == AuditLineCodec.hash(Array(lines[i - 1].utf8)))
        }
        let result = try AuditVerifier.verify(path: dir.file("audit.jsonl"))
        #expect(result.ok)
        #expect(result.recordCount == 16)
        #expect(result.message == "ok: 16 records, the hash chain is intact and agrees with the index")
    }

    @Test func linesAreSortedKeyJSONAndReadBackEqual() throws {
        let dir = TempDir()
        let written = try Sample.makeLog(at: dir.file("audit.jsonl"))
        let first = try dir.lines("audit.jsonl")[0]
        #expect(first.hasPrefix("{\"at\":\"2024-03-01\",\"body\":{\"config\":{\"cash\":\"100000\""))
        #expect(first.contains("\"file\":\"strategies/sma.yaml\""), "slashes are not escaped")
        #expect(try AuditReader(path: dir.file("audit.jsonl")).readAll() == written)
        #expect(try AuditReader(path: dir.file("audit.jsonl")).record(seq: 7) == written[6])
    }

    @Test func readerNamesABrokenLine() throws {
        let dir = TempDir()
        try Sample.makeLog(at: dir.file("audit.jsonl"), indexing: .none)
        var lines = try dir.lines("audit.jsonl")
        lines[11] = lines[11].replacingOccurrences(of: "\"seq\":12", with: "\"seq\":\"twelve\"")
        try dir.write("audit.jsonl", lines: lines)
        #expect(throws: AuditError.unreadableLine(path: dir.file("audit.jsonl"), line: 12,
                                                  reason: "field 'seq' has the wrong kind of value")) {
            try AuditReader(path: dir.file("audit.jsonl")).readAll()
        }
    }

    @Test func sameRecordsGiveByteIdenticalLogs() throws {
        let dir = TempDir()
        _ = try Sample.makeLog(at: dir.file("a.jsonl"), indexing: .none)
        _ = try Sample.makeLog(at: dir.file("b.jsonl"), indexing: .none)
        let a = try Data(contentsOf: URL(fileURLWithPath: dir.file("a.jsonl")))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir.file("b.jsonl")))
        #expect(a == b)
    }

    @Test func reopenContinuesTheChain() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let first = try AuditLog(path: path, redactor: .none)
        try Sample.write(Sample.backtest, to: first)
        try first.close()

        let second = try AuditLog(path: path, redactor: .none)
        #expect(second.lastSequence == 8)
        #expect(second.recovery == nil)
        let next = try second.append(Sample.paper[0].body, at: Sample.paper[0].at, wall: Sample.paper[0].wall)
        #expect(next.seq == 9)
        #expect(next.prev == AuditLineCodec.hash(Array(try dir.lines("audit.jsonl")[7].utf8)))
        try second.close()
        #expect(try AuditVerifier.verify(path: path).ok)
    }

    @Test func createsMissingFolders() throws {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("out/run1/audit.jsonl"), indexing: .none, redactor: .none)
        _ = try log.append(Sample.backtest[0].body, at: "2024-03-01")
        #expect(dir.exists("out/run1/audit.jsonl"))
    }

    @Test func tornLastLineIsSetAsideAndTheChainContinues() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        let good = try dir.lines("audit.jsonl")
        // A crash in the middle of writing record 17.
        let torn = "{\"at\":\"2024-04-02T14:40:00Z\",\"body\":{\"action\":\"halt\",\"type\":\"con"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(torn.utf8))
        try handle.close()
        #expect(try AuditVerifier.verify(path: path).problem == .truncated)

        let log = try AuditLog(path: path, redactor: .none)
        let report = try #require(log.recovery)
        #expect(report.line == 17)
        #expect(report.byteCount == torn.utf8.count)
        #expect(report.setAsidePath == path + ".torn-1")
        #expect(try String(contentsOfFile: report.setAsidePath, encoding: .utf8) == torn, "set aside verbatim")

        let after = try dir.lines("audit.jsonl")
        #expect(Array(after.prefix(16)) == good, "earlier records untouched")
        let note = try AuditLineCodec.decode(Array(after[16].utf8))
        #expect(note.seq == 17)
        #expect(note.at == "2024-04-02T14:31:09Z")
        guard case .note(let n) = note.body else { Issue.record("expected a note"); return }
        #expect(n.kind == "torn_line_set_aside")
        #expect(n.message.contains("line 17 of the audit log was incomplete"))
        #expect(n.message.contains(path + ".torn-1"))

        let next = try log.append(.control(ControlRecord(action: "halt", by: "alice", reason: "checking")), at: "2024-04-02T14:41:00Z")
        #expect(next.seq == 18)
        try log.close()
        #expect(try AuditVerifier.verify(path: path).ok)
    }

    @Test func aSecondTornLineGoesToTheNextFreeName() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        for round in 1...2 {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"at\":\"2024-04-0\(round)".utf8))
            try handle.close()
            let log = try AuditLog(path: path, redactor: .none)
            #expect(log.recovery?.setAsidePath == path + ".torn-\(round)")
            try log.close()
        }
        #expect(try AuditVerifier.verify(path: path).recordCount == 18)
    }

    @Test func aCompleteButBadLastLineIsRefusedNotSetAside() throws {
        // Only an incomplete final line is what a crash leaves; a line with its newline was
        // written whole, so a bad one is damage, and evidence is not set aside.
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\": 17, garbage\n".utf8))
        try handle.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: AuditError.damagedLog(path: path, line: 17, reason: "this line is not a valid audit record (it is not valid JSON): it was changed or damaged")) {
            try AuditLog(path: path, redactor: .none)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!dir.exists("audit.jsonl.torn-1"))
    }

    @Test func aDamagedLineBeforeATornOneIsLeftAlone() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .none)
        var lines = try dir.lines("audit.jsonl")
        lines[15] = "{\"garbage\": true}"
        try dir.write("audit.jsonl", lines: lines + ["{\"at\":\"2024-04-0"], trailingNewline: false)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: AuditError.self) { try AuditLog(path: path, indexing: .none, redactor: .none) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "nothing was changed")
        #expect(!dir.exists("audit.jsonl.torn-1"))
        do {
            _ = try AuditLog(path: path, indexing: .none, redactor: .none)
        } catch let error as AuditError {
            guard case .damagedLog(_, let line, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(line == 16)
        }
    }

    @Test func concurrentAppendsKeepOneChain() async throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, durability: .fsyncOnClose, redactor: .none)
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<4 {
                group.addTask {
                    for i in 0..<25 {
                        _ = try? log.append(.note(NoteRecord(kind: "test", message: "task \(t) note \(i)")), at: "2024-03-08")
                    }
                }
            }
        }
        try log.close()
        let result = try AuditVerifier.verify(path: path)
        #expect(result.ok)
        #expect(result.recordCount == 100)
    }

    @Test func twoWritersOnOneFileShareTheChain() throws {
        // The runtime and `algobot approvals approve` each open the log.
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let engine = try AuditLog(path: path, redactor: .none)
        let operatorLog = try AuditLog(path: path, redactor: .none)
        _ = try engine.append(Sample.paper[0].body, at: Sample.paper[0].at)
        let approval = try operatorLog.append(Sample.paper[3].body, at: Sample.paper[3].at)
        #expect(approval.seq == 2)
        let next = try engine.append(Sample.paper[4].body, at: Sample.paper[4].at)
        #expect(next.seq == 3)
        try engine.close()
        try operatorLog.close()
        #expect(try AuditVerifier.verify(path: path).ok)
    }

    @Test func memoryLogWritesTheSameLinesAsTheFile() throws {
        let dir = TempDir()
        let memory = MemoryAuditLog()
        let entries = Sample.backtest + Sample.paper
        let inMemory = try entries.map { try memory.append($0.body, at: $0.at, wall: $0.wall) }
        #expect(inMemory == (try Sample.makeLog(at: dir.file("audit.jsonl"), indexing: .none)))
        #expect(memory.lines == (try dir.lines("audit.jsonl")))
    }

    @Test func secretsAreMaskedBeforeTheyReachTheLog() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let key = "PKTESTKEY1234567890"
        let log = try AuditLog(path: path, redactor: SecretRedactor(environment: ["APCA_API_KEY_ID": key]))
        let record = try log.append(.brokerHealth(BrokerHealthRecord(state: "down", detail: "401 for key \(key)")), at: "2024-04-02")
        try log.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(key))
        #expect(text.contains("401 for key ***"))
        #expect(record.body == .brokerHealth(BrokerHealthRecord(state: "down", detail: "401 for key ***")))
        #expect(try AuditVerifier.verify(path: path).ok)
    }
}
