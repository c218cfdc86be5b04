import Foundation
import GRDB

/// Schema, row insertion and reading lines back from the log.
extension AuditIndex {
    static func createSchema(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version != schemaVersion {
            try db.execute(sql: "DROP TABLE IF EXISTS records")
        }
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS records (
                seq INTEGER PRIMARY KEY,
                line INTEGER NOT NULL,
                offset INTEGER NOT NULL,
                length INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                type TEXT NOT NULL,
                at TEXT NOT NULL,
                day TEXT NOT NULL,
                symbol TEXT,
                order_id TEXT,
                client_order_id TEXT,
                broker_order_id TEXT,
                decision_id TEXT,
                rule_id TEXT,
                outcome TEXT
            );
            """)
        try createLookupIndexes(db)
        try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
    }

    /// The secondary indexes, one per lookup key.
    static let lookupColumns = ["order_id", "client_order_id", "broker_order_id", "symbol", "day", "rule_id", "outcome",
                                "decision_id"]

    static func createLookupIndexes(_ db: Database) throws {
        for column in lookupColumns {
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS records_\(column) ON records(\(column))")
        }
    }

    static func dropLookupIndexes(_ db: Database) throws {
        for column in lookupColumns { try db.execute(sql: "DROP INDEX IF EXISTS records_\(column)") }
    }

    /// Indexes the complete lines of the log after `last` (from the start when nil). Each
    /// must be the next record of the hash chain: the index only ever vouches for a chain.
    /// An incomplete last line is not a record and is left out.
    func indexLines(_ db: Database, after last: IndexedLine?) throws -> Int {
        let offset = last.map { $0.offset + $0.length + 1 } ?? 0
        var reader = try LineReader(path: logPath, offset: offset, firstLine: (last?.line ?? 0) + 1)
        defer { reader.close() }
        let decoder = JSONDecoder()
        var seq = last?.seq ?? 0
        var prev = last?.sha256 ?? AuditRecord.genesisHash
        var added = 0
        while let line = try reader.next(), line.terminated {
            let record: AuditRecord
            do {
                record = try AuditLineCodec.decode(line.bytes, with: decoder)
            } catch {
                throw AuditError.unreadableLine(path: logPath, line: line.number, reason: AuditLineCodec.reason(for: error))
            }
            guard record.seq == seq + 1, record.prev == prev else {
                throw AuditError.damagedLog(path: logPath, line: line.number,
                                            reason: "this line is not the record that continues the hash chain after seq \(seq)")
            }
            let hash = AuditLineCodec.hash(line.bytes)
            try insert(db, record, line: line.number, offset: line.offset, length: line.bytes.count, hash: hash)
            seq = record.seq
            prev = hash
            added += 1
        }
        return added
    }

    static func lastLine(_ db: Database) throws -> IndexedLine? {
        try Row.fetchOne(db, sql: "SELECT seq, line, offset, length, sha256 FROM records ORDER BY seq DESC LIMIT 1").map {
            IndexedLine(seq: $0["seq"], line: $0["line"], offset: $0["offset"], length: $0["length"], sha256: $0["sha256"])
        }
    }

    func insert(_ db: Database, _ record: AuditRecord, line: Int, offset: Int, length: Int, hash: String) throws {
        var keys = IndexKeys(record)
        try inheritFromIndex(db, &keys)
        try insert(db, keys, seq: record.seq, line: line, offset: offset, length: length, hash: hash)
    }

    /// Fills in the symbol, client order id and decision id a record of an order does not
    /// carry itself from the order's earlier rows.
    func inheritFromIndex(_ db: Database, _ keys: inout IndexKeys) throws {
        guard let orderId = keys.orderId, keys.symbol == nil || keys.clientOrderId == nil || keys.decisionId == nil else { return }
        // Each sub-select stops at the first earlier row of the order that has the key.
        let known = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT symbol FROM records WHERE order_id = ?1 AND symbol IS NOT NULL ORDER BY seq LIMIT 1) AS symbol,
                   (SELECT client_order_id FROM records WHERE order_id = ?1 AND client_order_id IS NOT NULL
                        ORDER BY seq LIMIT 1) AS client,
                   (SELECT decision_id FROM records WHERE order_id = ?1 AND decision_id IS NOT NULL
                        ORDER BY seq LIMIT 1) AS decision
            """), arguments: [orderId])
        keys.symbol = keys.symbol ?? known?["symbol"]
        keys.clientOrderId = keys.clientOrderId ?? known?["client"]
        keys.decisionId = keys.decisionId ?? known?["decision"]
    }

    func insert(_ db: Database, _ keys: IndexKeys, seq: Int, line: Int, offset: Int, length: Int, hash: String) throws {
        try db.cachedStatement(sql: RowInsert.sql).execute(arguments: [
                seq, line, offset, length, hash, keys.type, keys.at, keys.day,
                keys.symbol, keys.orderId, keys.clientOrderId, keys.brokerOrderId, keys.decisionId, keys.ruleId,
                keys.outcome?.rawValue,
            ])
    }

    /// Whether the log still holds `line` where and as it was indexed.
    func logHolds(_ line: IndexedLine) throws -> Bool {
        guard PosixFile.exists(logPath) else { return false }
        return try PosixFile.open(logPath, flags: O_RDONLY).withClose { try ChainPosition(line).isIntact(in: $0) }
    }

    /// Reads the rows' lines from the log and decodes them, checking each line's hash.
    func readBack(_ rows: [Row]) throws -> [IndexedRecord] {
        guard !rows.isEmpty else { return [] }
        let file = try PosixFile.open(logPath, flags: O_RDONLY)
        defer { file.close() }
        let decoder = JSONDecoder()
        return try rows.map { row in
            let seq: Int = row["seq"], line: Int = row["line"], offset: Int = row["offset"], length: Int = row["length"]
            let sha: String = row["sha256"]
            let bytes = try file.read(at: offset, count: length)
            guard AuditLineCodec.hash(bytes) == sha, let record = try? AuditLineCodec.decode(bytes, with: decoder) else {
                throw AuditError.staleIndex(path: logPath, seq: seq)
            }
            return IndexedRecord(seq: seq, line: line, record: record)
        }
    }
}
