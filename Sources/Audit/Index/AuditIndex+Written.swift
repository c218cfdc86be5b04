import Foundation
import GRDB

/// A row the log's writer hands the index: the record's keys and where its line is, known
/// without reading the line back.
struct WrittenRow {
    var seq: Int
    /// The hash of the line before (the record's `prev`): the row continues the index only
    /// when it is the hash of the index's last line.
    var prev: String
    var line: Int
    var offset: Int
    var length: Int
    var hash: String
    var keys: IndexKeys
}

extension AuditIndex {
    /// Opens (or creates) the index of `logPath` without bringing it up to date: for the
    /// log's own writer, which then adds what it wrote (`add(written:)`).
    static func openForWriter(logPath: String) throws -> AuditIndex {
        try AuditIndex(logPath: logPath, indexPath: defaultPath(forLog: logPath), readOnly: false)
    }

    /// Builds the index of a log whose records are all in `rows` (a new log's writer, at
    /// close) in `<index>.building`, ready to be moved into place (`IndexBuild`): SQLite
    /// writes each page once, where through the WAL it writes it twice. Returns that path.
    static func build(logPath: String, rows: [WrittenRow]) throws -> String {
        let building = defaultPath(forLog: logPath) + ".building"
        for leftover in [building, building + "-journal"] where PosixFile.entryExists(leftover) { unlink(leftover) }
        let index = try AuditIndex(logPath: logPath, indexPath: building, unjournaled: true)
        try index.add(written: rows)
        // Every index is in WAL mode (the mode lives in the file), as `init` leaves it.
        try index.db.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try index.db.close()
        try PosixFile.open(building, flags: O_RDWR).withClose { try $0.sync() }
        return building
    }

    /// Indexes records the caller wrote, from the rows in hand, in one transaction: no line is
    /// read back or decoded. They are added only when they continue the index exactly (the
    /// first row's `prev` is the hash of the last indexed line, which the log still holds, and
    /// the rows are consecutive); otherwise the index is brought up to date from the log, as
    /// `catchUp` does. Returns the number of records added.
    @discardableResult
    func add(written rows: [WrittenRow]) throws -> Int {
        try db.write { db in
            let last = try Self.lastLine(db)
            if let last {
                guard try logHolds(last) else { throw AuditError.staleIndex(path: logPath, seq: last.seq) }
            }
            guard let first = rows.first, first.seq == (last?.seq ?? 0) + 1,
                  first.prev == last?.sha256 ?? AuditRecord.genesisHash,
                  zip(rows, rows.dropFirst()).allSatisfy({ $1.seq == $0.seq + 1 && $1.prev == $0.hash }) else {
                return try indexLines(db, after: last)
            }
            guard last == nil else {
                // Room for the pages the rows touch (about 1 KiB a row over the table and its
                // eight indexes), so that none is written out and read back before the commit;
                // SQLite's default is 2 MiB. Pages are allocated only as they are used.
                try db.execute(sql: "PRAGMA cache_size = -\(min(max(2_000, rows.count), 65_536))")
                let insert = try RowInsert(db)
                for row in rows {
                    var keys = row.keys
                    try inheritFromIndex(db, &keys)
                    try insert.insert(keys, seq: row.seq, line: row.line, offset: row.offset, length: row.length, hash: row.hash)
                }
                return rows.count
            }
            // Into an empty index (a backtest's new log): the rows first, then each lookup
            // index built in one sorted pass, which writes far fewer pages than nine b-trees
            // grown row by row. With no earlier row of any order, the rows in hand are all
            // there is to inherit keys from.
            try Self.dropLookupIndexes(db)
            var inherited = KeyInheritance()
            let insert = try RowInsert(db)
            for row in rows {
                var keys = row.keys
                inherited.complete(&keys)
                try insert.insert(keys, seq: row.seq, line: row.line, offset: row.offset, length: row.length, hash: row.hash)
            }
            try Self.createLookupIndexes(db)
            return rows.count
        }
    }
}

/// The symbol, client order id and decision id each order's first rows gave, for the rows
/// of the same order that do not carry them (the same keys `inheritFromIndex` finds with SQL).
struct KeyInheritance {
    private var known: [String: (symbol: String?, clientOrderId: String?, decisionId: String?)] = [:]

    /// Fills in what `keys` lacks from the order's earlier rows and remembers what it has.
    mutating func complete(_ keys: inout IndexKeys) {
        guard let orderId = keys.orderId else { return }
        var first = known[orderId] ?? (nil, nil, nil)
        keys.symbol = keys.symbol ?? first.symbol
        keys.clientOrderId = keys.clientOrderId ?? first.clientOrderId
        keys.decisionId = keys.decisionId ?? first.decisionId
        first = (first.symbol ?? keys.symbol, first.clientOrderId ?? keys.clientOrderId, first.decisionId ?? keys.decisionId)
        known[orderId] = first
    }
}
