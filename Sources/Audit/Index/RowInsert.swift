import GRDB
import GRDBSQLite

/// The index's row insert, prepared once and bound value by value through SQLite's C API:
/// for the rows a log's writer adds at close (a row per record, 155,826 for a million-bar
/// backtest), where making GRDB's arguments for each row (an array of boxed values, a
/// statement looked up by its SQL) cost more than SQLite's own work. The values and their
/// types are those `AuditIndex.insert` binds through GRDB: integers, text and nulls.
struct RowInsert {
    static let sql = """
        INSERT OR REPLACE INTO records (seq, line, offset, length, sha256, type, at, day, symbol, order_id,
            client_order_id, broker_order_id, decision_id, rule_id, outcome)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    private let statement: Statement
    private let db: Database

    init(_ db: Database) throws {
        self.db = db
        statement = try db.makeStatement(sql: Self.sql)
    }

    func insert(_ keys: IndexKeys, seq: Int, line: Int, offset: Int, length: Int, hash: String) throws {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_int64(s, 1, Int64(seq))
        sqlite3_bind_int64(s, 2, Int64(line))
        sqlite3_bind_int64(s, 3, Int64(offset))
        sqlite3_bind_int64(s, 4, Int64(length))
        bind(s, 5, hash)
        bind(s, 6, keys.type)
        bind(s, 7, keys.at)
        bind(s, 8, keys.day)
        bind(s, 9, keys.symbol)
        bind(s, 10, keys.orderId)
        bind(s, 11, keys.clientOrderId)
        bind(s, 12, keys.brokerOrderId)
        bind(s, 13, keys.decisionId)
        bind(s, 14, keys.ruleId)
        bind(s, 15, keys.outcome?.rawValue)
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: Self.sql)
        }
    }

    /// Text as SQLite copies it (`SQLITE_TRANSIENT`), or null.
    private func bind(_ s: OpaquePointer, _ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(s, index)
            return
        }
        text.withUTF8 { utf8 in
            // An empty buffer may have no address, which SQLite would take for null.
            let empty: StaticString = ""
            sqlite3_bind_text(s, index, UnsafeRawPointer(utf8.baseAddress ?? empty.utf8Start).assumingMemoryBound(to: CChar.self),
                              Int32(utf8.count), Self.transient)
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
