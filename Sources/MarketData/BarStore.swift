import GRDB

/// A SQLite file of bars (GRDB), keyed by symbol, timeframe and bar time. Backtests read it
/// like a CSV folder; `algobot data import` fills it from CSV and `algobot data fetch` from the
/// Alpaca API. Daily bars store `utc_offset` as NULL, so a series read back equals the series
/// loaded from the CSV it came from, `utcOffsets` included.
public struct BarStore: Sendable {
    /// Alpaca's name for daily bars; the default timeframe everywhere.
    public static let dailyTimeframe = "1Day"

    public let path: String
    let queue: DatabaseQueue

    /// Opens `path`, creating the file and its tables if needed. With `readOnly`, the file
    /// must already be a bar store and is never written.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = readOnly
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            if readOnly {
                guard try queue.read({ try $0.tableExists("bars") }) else {
                    throw DataError(kind: .notBarStore, file: path, message: "this SQLite database has no bars table",
                                    fix: "give a database made by `algobot data import`, or a CSV file or folder")
                }
            } else {
                try Self.migrator.migrate(queue)
            }
        } catch let error as DataError {
            throw error
        } catch {
            throw Self.wrap(error, path: path, doing: "open the bar database")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 bars") { db in
            try db.execute(sql: """
                CREATE TABLE bars (
                    symbol TEXT NOT NULL, timeframe TEXT NOT NULL, t INTEGER NOT NULL, utc_offset INTEGER,
                    open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
                    PRIMARY KEY (symbol, timeframe, t)
                ) WITHOUT ROWID;
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                INSERT INTO meta (key, value) VALUES ('format', 'algobot-bars'), ('schema', '1');
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL, symbol TEXT NOT NULL,
                    timeframe TEXT NOT NULL, rows INTEGER NOT NULL, inserted INTEGER NOT NULL,
                    updated INTEGER NOT NULL, skipped INTEGER NOT NULL
                );
                """)
        }
        return migrator
    }

    /// Bars of `symbol` with `from <= t <= to` (UTC seconds, either end open), oldest first.
    /// Empty when nothing is stored. The bars are checked as a CSV file's rows are (`BarCheck`):
    /// a database written by other means (or edited) cannot hand an absurd figure, a NULL or an
    /// impossible UTC offset to the engine.
    public func series(symbol: String, timeframe: String = dailyTimeframe, from: Int64? = nil,
                       to: Int64? = nil) throws -> BarSeries {
        let series = try run("read \(symbol) bars") {
            try queue.read { db in
                var series = BarSeries(symbol: symbol)
                let count = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM bars WHERE symbol = ? AND timeframe = ? AND t BETWEEN ? AND ?
                    """, arguments: [symbol, timeframe, from ?? .min, to ?? .max]) ?? 0
                series.reserve(count)
                var intraday = false
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT t, utc_offset, open, high, low, close, volume FROM bars
                    WHERE symbol = ? AND timeframe = ? AND t BETWEEN ? AND ? ORDER BY t
                    """, arguments: [symbol, timeframe, from ?? .min, to ?? .max])
                while let row = try rows.next() {
                    // Optionals throughout: GRDB stops the program on a NULL read as a number. Times
                    // stay within about 1653–2286 and offsets within a day, so date arithmetic cannot overflow.
                    let offset: Int64? = row[1]
                    guard let t: Int64 = row[0], let open: Double = row[2], let high: Double = row[3],
                          let low: Double = row[4], let close: Double = row[5], let volume: Double = row[6],
                          abs(t) < 10_000_000_000, offset.map({ abs($0) <= 86_400 }) ?? true else {
                        throw DataError(kind: .badSeries, file: path,
                                        message: "\(symbol) \(timeframe) bar \(series.count + 1) has a missing or impossible value",
                                        fix: Self.rebuildFix)
                    }
                    if offset != nil && !intraday {
                        intraday = true
                        series.utcOffsets = [Int32](repeating: 0, count: series.count)
                        series.utcOffsets.reserveCapacity(count)
                    }
                    series.times.append(t)
                    if intraday { series.utcOffsets.append(Int32(offset ?? 0)) }
                    series.open.append(open)
                    series.high.append(high)
                    series.low.append(low)
                    series.close.append(close)
                    series.volume.append(volume)
                }
                return series
            }
        }
        if let problem = series.problem() {
            throw DataError(kind: .badSeries, file: path, message: "\(symbol) \(timeframe) bars: \(problem)", fix: Self.rebuildFix)
        }
        return series
    }

    static let rebuildFix = "the database holds bars no import or fetch would store: import them again from a corrected "
        + "CSV file (algobot data import), or delete the database and fetch again"

    /// Symbols that have bars of `timeframe`, sorted.
    public func symbols(timeframe: String = dailyTimeframe) throws -> [String] {
        try run("list symbols") {
            try queue.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT symbol FROM bars WHERE timeframe = ? ORDER BY symbol",
                                    arguments: [timeframe])
            }
        }
    }

    /// Timeframes that have bars, sorted.
    public func timeframes() throws -> [String] {
        try run("list timeframes") {
            try queue.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT timeframe FROM bars ORDER BY timeframe") }
        }
    }

    /// First and last bar time (UTC seconds) and the number of bars stored, or nil if none.
    public func coverage(symbol: String, timeframe: String = dailyTimeframe) throws -> (first: Int64, last: Int64, count: Int)? {
        try run("read \(symbol) coverage") {
            try queue.read { db -> (first: Int64, last: Int64, count: Int)? in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT MIN(t), MAX(t), COUNT(*) FROM bars WHERE symbol = ? AND timeframe = ?
                    """, arguments: [symbol, timeframe]), let first: Int64 = row[0], let last: Int64 = row[1]
                else { return nil }
                return (first, last, row[2])
            }
        }
    }

    /// Two stored bars further apart than this leave a hole to fetch. Markets close for
    /// weekends and holidays, never (since 1933) for more than the week after 11 September 2001,
    /// Monday 10 to Monday 17: exactly 7 days, which is not a hole.
    public static let holeSeconds: Int64 = 7 * 86_400

    /// The parts of `from ... to` (inclusive UTC seconds) not yet covered, oldest first: before
    /// the first stored bar, the holes between stored bars (`holeSeconds`; e.g. two CSV files
    /// imported with years between them), and after the last stored bar.
    public func missingRanges(symbol: String, timeframe: String = dailyTimeframe, from: Int64,
                              to: Int64) throws -> [(from: Int64, to: Int64)] {
        guard from <= to else { return [] }
        guard let stored = try coverage(symbol: symbol, timeframe: timeframe) else { return [(from, to)] }
        var ranges: [(from: Int64, to: Int64)] = []
        if from < stored.first { ranges.append((from, min(to, stored.first - 1))) }
        for hole in try holes(symbol: symbol, timeframe: timeframe, from: from, to: to) {
            ranges.append((max(from, hole.after + 1), min(to, hole.before - 1)))
        }
        if to > stored.last { ranges.append((max(from, stored.last + 1), to)) }
        return ranges
    }

    /// Pairs of neighbouring stored bars more than `holeSeconds` apart, with the gap between
    /// them reaching into `from ... to`.
    private func holes(symbol: String, timeframe: String, from: Int64, to: Int64) throws -> [(after: Int64, before: Int64)] {
        try run("find holes in \(symbol) bars") {
            try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT previous, t FROM (
                        SELECT t, LAG(t) OVER (ORDER BY t) AS previous FROM bars WHERE symbol = ? AND timeframe = ?
                    ) WHERE previous IS NOT NULL AND t - previous > ? AND t > ? AND previous < ? ORDER BY t
                    """, arguments: [symbol, timeframe, Self.holeSeconds, from, to])
                    .map { (after: $0[0], before: $0[1]) }
            }
        }
    }

    func run<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DataError { throw error } catch {
            throw Self.wrap(error, path: path, doing: doing)
        }
    }

    static func wrap(_ error: Error, path: String, doing: String) -> DataError {
        let reason = (error as? DatabaseError).map { $0.message ?? "\($0.resultCode)" } ?? "\(error)"
        return DataError(kind: .database, file: path, message: "cannot \(doing): \(reason)",
                         fix: "check that the path is a writable folder or an algobot bar database")
    }
}
