import Foundation
import Testing
@testable import Audit
import Vocabulary

@Suite struct AuditIndexTests {
    private func makeIndexedLog(in dir: TempDir) throws -> (String, [AuditRecord]) {
        let path = dir.file("audit.jsonl")
        return (path, try Sample.makeLog(at: path))
    }

    @Test func lookupsByEveryKey() throws {
        let dir = TempDir()
        let (path, records) = try makeIndexedLog(in: dir)
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.count() == 16)

        let order1 = try index.find(AuditQuery(orderId: "o-000001"))
        #expect(order1.map(\.seq) == [2, 3, 4, 5, 6])
        #expect(order1.map(\.record) == Array(records[1...5]))
        #expect(order1.map(\.line) == [2, 3, 4, 5, 6])

        #expect(try index.find(AuditQuery(clientOrderId: "sma-crossover-SPY-20240402-enter-long")).map(\.seq) == [10, 11, 12, 13, 14, 15, 16])
        #expect(try index.find(AuditQuery(symbol: "QQQ")).map(\.seq) == [7])
        #expect(try index.find(AuditQuery(symbol: "SPY", type: "fill")).map(\.seq) == [5, 15])
        #expect(try index.find(AuditQuery(day: "2024-03-11")).map(\.seq) == [4, 5, 6])
        #expect(try index.find(AuditQuery(day: "2024-04-02", type: "approval")).map(\.seq) == [11, 12])
        #expect(try index.find(AuditQuery(ruleId: "enter-long")).map(\.seq) == [2, 7, 10])
        #expect(try index.find(AuditQuery(outcome: .block)).map(\.seq) == [7])
        #expect(try index.find(AuditQuery(outcome: .needsApproval)).map(\.seq) == [10])
        #expect(try index.find(AuditQuery(decisionId: Sample.approvalDecision.id)).map(\.seq) == [10, 11, 12, 13, 14, 15, 16])
        #expect(try index.find(AuditQuery(brokerOrderId: "bt-000001")).map(\.seq) == [4, 5, 6])
        #expect(try index.find(AuditQuery(symbol: "TSLA")).isEmpty)
    }

    @Test func orderLookupAcceptsAnyOfItsIds() throws {
        let dir = TempDir()
        let (path, _) = try makeIndexedLog(in: dir)
        let index = try AuditIndex.open(logPath: path)
        let byOurs = try index.records(forOrder: "o-000003").map(\.seq)
        #expect(byOurs == [10, 11, 12, 13, 14, 15, 16])
        #expect(try index.records(forOrder: "sma-crossover-SPY-20240402-enter-long").map(\.seq) == byOurs)
        #expect(try index.records(forOrder: "61e69015-8549-4bfd-b9c3-01e75de3d4ab").map(\.seq) == byOurs)
        #expect(try index.records(forOrder: "o-999999").isEmpty)
    }

    @Test func keptUpToDateAsRecordsAreAppended() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, redactor: .none)
        try Sample.write(Sample.backtest, to: log)
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.count() == 8)
        try Sample.write(Sample.paper, to: log)
        #expect(try index.find(AuditQuery(orderId: "o-000003")).count == 7, "rows written by the log are visible at once")
        try log.close()
    }

    @Test func reindexReproducesTheIncrementalIndex() throws {
        let dir = TempDir()
        let (path, _) = try makeIndexedLog(in: dir)
        let incremental = try AuditIndex.open(logPath: path).dump()
        #expect(incremental.count == 16)
        let rebuilt = try AuditIndex.rebuild(logPath: path).dump()
        #expect(rebuilt == incremental)

        // Also from nothing, in a separate file.
        let elsewhere = try AuditIndex.rebuild(logPath: path, indexPath: path + ".other.sqlite").dump()
        #expect(elsewhere == incremental)
    }

    @Test func backtestsCanIndexOnClose() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, durability: .fsyncOnClose, indexing: .onClose, redactor: .none)
        try Sample.write(Sample.backtest + Sample.paper, to: log)
        #expect(!dir.exists("audit.jsonl.index.sqlite"))
        try log.close()
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.count() == 16)
        #expect(try index.dump() == AuditIndex.rebuild(logPath: path, indexPath: path + ".fresh.sqlite").dump())
    }

    @Test func aMissingOrLaggingIndexIsCaughtUp() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let log = try AuditLog(path: path, indexing: .none, redactor: .none)
        try Sample.write(Sample.backtest, to: log)
        #expect(!dir.exists("audit.jsonl.index.sqlite"))
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.count() == 8)
        try Sample.write(Sample.paper, to: log)
        try log.close()
        #expect(try index.catchUp() == 8)
        #expect(try index.dump() == AuditIndex.rebuild(logPath: path, indexPath: path + ".fresh.sqlite").dump())
    }

    @Test func anIndexOfAnotherLogIsRefusedNotRebuilt() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        // Another log at the same path, beside the old index: rebuilding the index from it
        // would let it vouch for whatever the file now holds.
        let other = TempDir()
        try Sample.write(Sample.paper, to: try AuditLog(path: other.file("audit.jsonl"), indexing: .none, redactor: .none))
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: other.file("audit.jsonl"), toPath: path)
        #expect(throws: AuditError.staleIndex(path: path, seq: 16)) { try AuditIndex.open(logPath: path) }
        #expect(throws: AuditError.self) { try AuditLog(path: path, redactor: .none) }
        // An operator who has kept the old index as evidence rebuilds it on purpose.
        #expect(try AuditIndex.rebuild(logPath: path).count() == 8)
    }

    @Test func rebuildingRefusesABrokenChain() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path, indexing: .none)
        var lines = try dir.lines("audit.jsonl")
        lines.remove(at: 6)
        try dir.write("audit.jsonl", lines: lines)
        #expect(throws: AuditError.damagedLog(path: path, line: 7, reason: "this line is not the record that continues the hash chain after seq 6")) {
            try AuditIndex.rebuild(logPath: path)
        }
    }

    @Test func aLogChangedUnderTheIndexIsReportedStale() throws {
        let dir = TempDir()
        let (path, _) = try makeIndexedLog(in: dir)
        let index = try AuditIndex.open(logPath: path)
        var lines = try dir.lines("audit.jsonl")
        lines[4] = lines[4].replacingOccurrences(of: "402.1", with: "399.1")
        try dir.write("audit.jsonl", lines: lines)
        #expect(throws: AuditError.staleIndex(path: path, seq: 5)) { try index.find(AuditQuery(orderId: "o-000001")) }
    }

    @Test func distinctIdsForListings() throws {
        let dir = TempDir()
        let (path, _) = try makeIndexedLog(in: dir)
        let index = try AuditIndex.open(logPath: path)
        #expect(try index.distinct(.orderId) == ["o-000001", "o-000002", "o-000003"])
        #expect(try index.distinct(.symbol) == ["QQQ", "SPY"])
    }
}
