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
            CREATE INDEX IF NOT EXISTS records_order_id ON records(order_id);
            CREATE INDEX IF NOT EXISTS records_client_order_id ON records(client_order_id);
            CREATE INDEX IF NOT EXISTS records_broker_order_id ON records(broker_order_id);
            CREATE INDEX IF NOT EXISTS records_symbol ON records(symbol);
            CREATE INDEX IF NOT EXISTS records_day ON records(day);
            CREATE INDEX IF NOT EXISTS records_rule_id ON records(rule_id);
            CREATE INDEX IF NOT EXISTS records_outcome ON records(outcome);
            CREATE INDEX IF NOT EXISTS records_decision_id ON records(decision_id);
            PRAGMA user_version = \(schemaVersion);
            """)
    }

    /// Indexes the complete lines of the log from byte `offset` on. An incomplete last line
    /// is not a record and is left out.
    func indexLines(_ db: Database, from offset: Int, firstLine: Int) throws -> Int {
        var reader = try LineReader(path: logPath, offset: offset, firstLine: firstLine)
        defer { reader.close() }
        let decoder = JSONDecoder()
        var added = 0
        while let line = try reader.next(), line.terminated {
            let record: AuditRecord
            do {
                record = try AuditLineCodec.decode(line.bytes, with: decoder)
            } catch {
                throw AuditError.unreadableLine(path: logPath, line: line.number, reason: AuditLineCodec.reason(for: error))
            }
            try insert(db, record, line: line.number, offset: line.offset, bytes: line.bytes)
            added += 1
        }
        return added
    }

    func insert(_ db: Database, _ record: AuditRecord, line: Int, offset: Int, bytes: [UInt8]) throws {
        var keys = IndexKeys(record)
        if let orderId = keys.orderId, keys.symbol == nil || keys.clientOrderId == nil || keys.decisionId == nil {
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
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO records (seq, line, offset, length, sha256, type, at, day, symbol, order_id,
                client_order_id, broker_order_id, decision_id, rule_id, outcome)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                record.seq, line, offset, bytes.count, AuditLineCodec.hash(bytes), keys.type, keys.at, keys.day,
                keys.symbol, keys.orderId, keys.clientOrderId, keys.brokerOrderId, keys.decisionId, keys.ruleId,
                keys.outcome,
            ])
    }

    /// The hash of `length` bytes at `offset` in the log, or nil when the log is shorter.
    func lineHash(offset: Int, length: Int) throws -> String? {
        guard PosixFile.exists(logPath) else { return nil }
        let file = try PosixFile.open(logPath, flags: O_RDONLY)
        defer { file.close() }
        let bytes = try file.read(at: offset, count: length)
        return bytes.count == length ? AuditLineCodec.hash(bytes) : nil
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
