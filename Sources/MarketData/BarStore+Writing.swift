import GRDB

/// How an upsert changed the store.
public struct UpsertCounts: Sendable, Equatable {
    public var inserted: Int
    /// Bars that existed with different values and were overwritten.
    public var updated: Int
    /// Bars that existed with the same values (re-importing a file changes nothing).
    public var unchanged: Int
}

/// One CSV file imported into the store.
public struct ImportResult: Sendable, Equatable {
    public var file: String
    public var symbol: String
    public var timeframe: String
    public var counts: UpsertCounts
    /// Rows left out under `BadRowPolicy.skip` (empty under `.fail`).
    public var skipped: [DataError]
}

extension BarStore {
    /// Imports a CSV file, or every `SYMBOL.csv` of a folder, one transaction per file.
    /// Idempotent: importing the same file again inserts and updates nothing.
    /// Files are validated exactly as `BarLoader` does; daily files go to `1Day` by default,
    /// intraday files need their timeframe (`1Min`, `1Hour`, ...).
    public func `import`(csvPath: String, timeframe: String = dailyTimeframe,
                         badRows: BadRowPolicy = .fail) throws -> [ImportResult] {
        let files = BarLoader.isDirectory(csvPath) ? try BarLoader.csvFiles(inFolder: csvPath) : [(BarLoader.symbol(forFile: csvPath), csvPath)]
        var results: [ImportResult] = []
        for (symbol, file) in files {
            let parsed = try BarLoader.loadCSV(path: file, symbol: symbol, policy: badRows, days: .all)
            let counts = try run("import \(file)") {
                try queue.write { db -> UpsertCounts in
                    let counts = try upsert(parsed.series, timeframe: timeframe, in: db, source: file)
                    try db.execute(sql: """
                        INSERT INTO imports (file, symbol, timeframe, rows, inserted, updated, skipped)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [file, symbol, timeframe, parsed.report.rowsRead, counts.inserted,
                                         counts.updated, parsed.report.skipped.count])
                    return counts
                }
            }
            results.append(ImportResult(file: file, symbol: symbol, timeframe: timeframe, counts: counts,
                                        skipped: parsed.report.skipped))
        }
        return results
    }

    /// Inserts or overwrites `series`' bars in one transaction (used by `algobot data fetch`).
    /// The series is checked first (same rules as a CSV row, times strictly increasing); a
    /// daily series cannot go into a timeframe that holds intraday bars, and vice versa.
    @discardableResult
    public func upsert(_ series: BarSeries, timeframe: String) throws -> UpsertCounts {
        try run("store \(series.symbol) bars") {
            try queue.write { db in try upsert(series, timeframe: timeframe, in: db, source: path) }
        }
    }

    private func upsert(_ series: BarSeries, timeframe: String, in db: Database, source: String) throws -> UpsertCounts {
        if let problem = series.problem() {
            throw DataError(kind: .badSeries, file: source, message: "\(series.symbol) bars: \(problem)",
                            fix: "correct the bars before storing them")
        }
        guard !timeframe.isEmpty, timeframe.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw DataError(kind: .badSeries, file: source, message: "timeframe \"\(timeframe)\" is not a timeframe name",
                            fix: "use a name such as 1Day, 1Hour or 1Min")
        }
        if timeframe == Self.dailyTimeframe && !series.isDaily && series.count > 0 {
            throw DataError(kind: .badSeries, file: source, message: "\(series.symbol) has intraday bars, not \(timeframe) bars",
                            fix: "give the timeframe of the bars, for example 1Min or 1Hour")
        }
        let storedDaily = try Bool.fetchOne(db, sql: """
            SELECT utc_offset IS NULL FROM bars WHERE symbol = ? AND timeframe = ? LIMIT 1
            """, arguments: [series.symbol, timeframe])
        if let storedDaily, series.count > 0, storedDaily != series.isDaily {
            throw DataError(kind: .badSeries, file: source,
                            message: "\(series.symbol) \(timeframe) bars are stored as \(storedDaily ? "daily" : "intraday"), "
                                + "the new bars are \(series.isDaily ? "daily" : "intraday")",
                            fix: "store them under another timeframe")
        }
        let countSQL = "SELECT COUNT(*) FROM bars WHERE symbol = ? AND timeframe = ?"
        let before = try Int.fetchOne(db, sql: countSQL, arguments: [series.symbol, timeframe]) ?? 0
        let changesBefore = db.totalChangesCount
        let statement = try db.cachedStatement(sql: """
            INSERT INTO bars (symbol, timeframe, t, utc_offset, open, high, low, close, volume)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (symbol, timeframe, t) DO UPDATE SET
                utc_offset = excluded.utc_offset, open = excluded.open, high = excluded.high,
                low = excluded.low, close = excluded.close, volume = excluded.volume
            WHERE utc_offset IS NOT excluded.utc_offset OR open IS NOT excluded.open OR high IS NOT excluded.high
                OR low IS NOT excluded.low OR close IS NOT excluded.close OR volume IS NOT excluded.volume
            """)
        for i in 0..<series.count {
            let offset: Int64? = series.isDaily ? nil : Int64(series.utcOffsets[i])
            try statement.execute(arguments: [series.symbol, timeframe, series.times[i], offset, series.open[i],
                                              series.high[i], series.low[i], series.close[i], series.volume[i]])
        }
        let after = try Int.fetchOne(db, sql: countSQL, arguments: [series.symbol, timeframe]) ?? 0
        let changed = db.totalChangesCount - changesBefore
        let inserted = after - before
        return UpsertCounts(inserted: inserted, updated: changed - inserted, unchanged: series.count - changed)
    }
}
