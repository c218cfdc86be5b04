import Foundation
import GRDB

/// A SQLite index beside the audit log (`<file>.index.sqlite`) for lookups by order id,
/// client order id, broker order id, symbol, day, strategy rule, policy outcome and decision
/// id. Each row points at a line (`seq`, line number, byte offset, length, SHA-256).
///
/// The log is the source of truth for content, and the index is its witness for the end:
/// its last row is what `AuditLog` and `audit verify` compare the end of the log with, so
/// records removed from the end or a changed last record show. That is why `open` only ever
/// adds the records appended since (checking that they continue the hash chain) and never
/// rebuilds an index that disagrees with the log: it throws `staleIndex`. Only `rebuild`
/// (`algobot audit reindex`, an operator's decision) recreates it from the JSONL. Queries
/// read the records back from the log by byte offset and check each line's hash.
public final class AuditIndex: @unchecked Sendable {
    public let logPath: String
    public let indexPath: String
    let db: DatabaseQueue

    static let schemaVersion = 1

    public static func defaultPath(forLog logPath: String) -> String { logPath + ".index.sqlite" }

    /// - Parameter readOnly: open what is there without creating, migrating or changing it
    ///   (for the checks, which must not let the index follow the log).
    /// - Parameter unjournaled: no journal and no fsync, for a file nobody reads until it is
    ///   finished and moved into place (`build(logPath:rows:)`).
    init(logPath: String, indexPath: String, readOnly: Bool = false, unjournaled: Bool = false) throws {
        self.logPath = logPath
        self.indexPath = indexPath
        try PosixFile.prepareForLibrary(indexPath, create: !readOnly)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.label = "audit-index"
        if readOnly {
            config.readonly = true
        } else if unjournaled {
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF")
                try db.execute(sql: "PRAGMA synchronous = OFF")
            }
        } else {
            // The index is rebuildable, so it trades commit-time fsyncs for speed: WAL with
            // synchronous=NORMAL stays consistent after a crash and may lose only the last
            // rows, which the next catch-up restores from the log.
            config.journalMode = .wal
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        }
        do {
            db = try DatabaseQueue(path: indexPath, configuration: config)
            if !readOnly { try db.write { db in try Self.createSchema(db) } }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw AuditError.unreadableIndex(indexPath: indexPath, logPath: logPath, reason: error.message ?? "\(error)")
        }
    }

    /// Opens (or creates) the index of `logPath` and adds the records appended since it was
    /// last brought up to date. Throws `staleIndex` when its last record is no longer in the
    /// log as it was indexed, and `damagedLog` when a line after it does not continue the chain.
    public static func open(logPath: String, indexPath: String? = nil) throws -> AuditIndex {
        let index = try AuditIndex(logPath: logPath, indexPath: indexPath ?? defaultPath(forLog: logPath))
        _ = try index.catchUp()
        return index
    }

    /// What is where the index of `logPath` should be, read without changing it.
    static func inspect(logPath: String) -> IndexInspection {
        let indexPath = defaultPath(forLog: logPath)
        guard PosixFile.entryExists(indexPath) else { return .missing }
        if let kind = PosixFile.unusableKind(indexPath) { return .unreadable(reason: "it is \(kind)") }
        do {
            // An empty file holds no index (SQLite would take it for an empty database).
            if try PosixFile.open(indexPath, flags: O_RDONLY).withClose({ try $0.size() }) == 0 { return .missing }
            let index = try AuditIndex(logPath: logPath, indexPath: indexPath, readOnly: true)
            let version = try index.db.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
            if version == 0 { return .unreadable(reason: "it is an SQLite file but not an audit index") }
            guard version == schemaVersion else { return .otherVersion(version) }
            return .ready(index, last: try index.lastLine())
        } catch AuditError.unreadableIndex(_, _, let reason) {
            return .unreadable(reason: reason)
        } catch let error as DatabaseError {
            return .unreadable(reason: error.message ?? "\(error)")
        } catch {
            return .unreadable(reason: "\(error)")
        }
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
            return try indexLines(db, after: nil)
        }
    }

    /// Indexes the records appended since the last indexed one. Returns the number added.
    /// Throws `staleIndex` when the last indexed line no longer matches the log: rebuilding
    /// then would make the index vouch for whatever the log became.
    @discardableResult
    public func catchUp() throws -> Int {
        try db.write { db in
            guard let last = try Self.lastLine(db) else { return try indexLines(db, after: nil) }
            guard try logHolds(last) else {
                throw AuditError.staleIndex(path: logPath, seq: last.seq)
            }
            return try indexLines(db, after: last)
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

    /// The highest indexed record and where its line is.
    func lastLine() throws -> IndexedLine? {
        try db.read { db in try Self.lastLine(db) }
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

    /// The names of the table's lookup indexes, sorted.
    func lookupIndexNames() throws -> [String] {
        try db.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' ORDER BY name")
        }
    }

    /// Adds a just-appended record; catches up instead when rows are missing before it.
    func add(_ record: AuditRecord, line: Int, offset: Int, length: Int, hash: String) throws {
        let caughtUp: Bool = try db.write { db in
            let last = try Int.fetchOne(db, sql: "SELECT max(seq) FROM records") ?? 0
            guard last == record.seq - 1 else { return false }
            try insert(db, record, line: line, offset: offset, length: length, hash: hash)
            return true
        }
        if !caughtUp { try catchUp() }
    }
}

/// What `AuditIndex.inspect` found beside a log.
enum IndexInspection {
    /// No index file (or an empty one).
    case missing
    /// Something is there that cannot be read as an audit index.
    case unreadable(reason: String)
    /// An index written by another version of algobot.
    case otherVersion(Int)
    /// A readable index; `last` is its highest record (nil when it has none).
    case ready(AuditIndex, last: IndexedLine?)
}

/// Where the index says one record's line is, and its hash.
struct IndexedLine: Equatable {
    var seq: Int
    var line: Int
    var offset: Int
    var length: Int
    var sha256: String
}
