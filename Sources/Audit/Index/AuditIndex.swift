import Foundation
import GRDB

/// A SQLite index beside the audit log (`<file>.index.sqlite`) for lookups by order id,
/// client order id, broker order id, symbol, day, strategy rule, policy outcome and decision
/// id. Each row points at a line (`seq`, line number, byte offset, length, SHA-256).
///
/// The log is the source of truth: the index may lag or be missing; `open` catches it up and
/// rebuilds it when it no longer matches the log, and `rebuild` (`algobot audit reindex`)
/// recreates it from the JSONL. Queries read the records back from the log by byte offset
/// and check each line's hash against the index.
public final class AuditIndex: @unchecked Sendable {
    public let logPath: String
    public let indexPath: String
    let db: DatabaseQueue

    static let schemaVersion = 1

    public static func defaultPath(forLog logPath: String) -> String { logPath + ".index.sqlite" }

    private init(logPath: String, indexPath: String) throws {
        self.logPath = logPath
        self.indexPath = indexPath
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.label = "audit-index"
        // The index is rebuildable, so it trades commit-time fsyncs for speed: WAL with
        // synchronous=NORMAL stays consistent after a crash and may lose only the last rows,
        // which the next catch-up restores from the log.
        config.journalMode = .wal
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        db = try DatabaseQueue(path: indexPath, configuration: config)
        try db.write { db in try Self.createSchema(db) }
    }

    /// Opens (or creates) the index of `logPath` and catches it up with the log.
    public static func open(logPath: String, indexPath: String? = nil) throws -> AuditIndex {
        let index = try AuditIndex(logPath: logPath, indexPath: indexPath ?? defaultPath(forLog: logPath))
        _ = try index.catchUp()
        return index
    }

    /// The index as it is on disk, without catching up (for `verify`, which must not let the
    /// index follow a log that was tampered with).
    static func existing(logPath: String) throws -> AuditIndex {
        try AuditIndex(logPath: logPath, indexPath: defaultPath(forLog: logPath))
    }

    /// Recreates the index of `logPath` from the JSONL (`algobot audit reindex`).
    public static func rebuild(logPath: String, indexPath: String? = nil) throws -> AuditIndex {
        let index = try AuditIndex(logPath: logPath, indexPath: indexPath ?? defaultPath(forLog: logPath))
        _ = try index.rebuild()
        return index
    }

    /// Drops every row and indexes the whole log again. Returns the number of records.
    @discardableResult
    public func rebuild() throws -> Int {
        try db.write { db in
            try db.execute(sql: "DELETE FROM records")
            return try indexLines(db, from: 0, firstLine: 1)
        }
    }

    /// Indexes the records appended since the last indexed one; rebuilds when the last
    /// indexed line no longer matches the log. Returns the number of records added.
    @discardableResult
    public func catchUp() throws -> Int {
        try db.write { db in
            guard let last = try Row.fetchOne(db, sql: "SELECT line, offset, length, sha256 FROM records ORDER BY seq DESC LIMIT 1")
            else { return try indexLines(db, from: 0, firstLine: 1) }
            let offset: Int = last["offset"], length: Int = last["length"], line: Int = last["line"]
            let sha: String = last["sha256"]
            if try lineHash(offset: offset, length: length) == sha {
                return try indexLines(db, from: offset + length + 1, firstLine: line + 1)
            }
            try db.execute(sql: "DELETE FROM records")
            return try indexLines(db, from: 0, firstLine: 1)
        }
    }

    /// Records matching every field set in `query`, in log order.
    public func find(_ query: AuditQuery) throws -> [IndexedRecord] {
        let conditions = query.conditions
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.map { "\($0.column) = ?" }.joined(separator: " AND ")
        let sql = "SELECT seq, line, offset, length, sha256 FROM records\(whereClause) ORDER BY seq"
        let rows = try db.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(conditions.map(\.value))) }
        return try readBack(rows)
    }

    /// Every record of the order known by `id`: our order id, the client order id or the
    /// broker's order id.
    public func records(forOrder id: String) throws -> [IndexedRecord] {
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT seq, line, offset, length, sha256 FROM records WHERE order_id IN (
                    SELECT order_id FROM records WHERE order_id = ?1 OR client_order_id = ?1 OR broker_order_id = ?1)
                ORDER BY seq
                """, arguments: [id])
        }
        return try readBack(rows)
    }

    /// Distinct values of a key column, sorted, for listing ids and suggesting near misses.
    public func distinct(_ key: IndexKey) throws -> [String] {
        try db.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT \(key.rawValue) FROM records WHERE \(key.rawValue) IS NOT NULL ORDER BY 1")
        }
    }

    public enum IndexKey: String, Sendable, CaseIterable {
        case orderId = "order_id", clientOrderId = "client_order_id", brokerOrderId = "broker_order_id"
        case decisionId = "decision_id", symbol, day, ruleId = "rule_id", outcome
    }

    /// Number of indexed records.
    public func count() throws -> Int {
        try db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM records") ?? 0 }
    }

    /// The highest indexed `seq`, if any.
    func lastIndexed() throws -> (seq: Int, sha256: String)? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, sha256 FROM records ORDER BY seq DESC LIMIT 1").map { ($0["seq"], $0["sha256"]) }
        }
    }

    /// The stored hash of the line with this `seq`.
    func hash(ofSeq seq: Int) throws -> String? {
        try db.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM records WHERE seq = ?", arguments: [seq]) }
    }

    /// Every row as text, for comparing an incrementally kept index with a rebuilt one.
    func dump() throws -> [String] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM records ORDER BY seq").map { $0.description }
        }
    }

    /// Adds a just-appended record; catches up instead when rows are missing before it.
    func add(_ record: AuditRecord, line: Int, offset: Int, bytes: [UInt8]) throws {
        let caughtUp: Bool = try db.write { db in
            let last = try Int.fetchOne(db, sql: "SELECT max(seq) FROM records") ?? 0
            guard last == record.seq - 1 else { return false }
            try insert(db, record, line: line, offset: offset, bytes: bytes)
            return true
        }
        if !caughtUp { try catchUp() }
    }
}
