import Foundation

/// Bars loaded for a run, sorted by symbol, with what was read and skipped.
public struct LoadResult: Sendable {
    public var series: [BarSeries]
    public var report: LoadReport
    /// The files read (the database file for a SQLite source), in the order read.
    public var files: [String]
}

/// Loads bars from a CSV file, a folder of CSV files or a SQLite bar store.
///
/// CSV layout: a header naming `date,open,high,low,close,volume` (daily, `YYYY-MM-DD`, stored at
/// 00:00 UTC of that date) or `timestamp,open,high,low,close,volume` (intraday), names
/// case-insensitive and in any order. Timestamps are `YYYY-MM-DDTHH:MM:SS` (a space may replace
/// the `T`) with an offset `±HH:MM`, `Z`, or none: a timestamp without an offset is taken as UTC.
/// A UTF-8 BOM, `\r\n` line ends and a missing final newline are accepted. The symbol is the file
/// name without `.csv`, up to the first `_`, uppercased (`SPY_2013-10-04_rth.csv` is `SPY`).
public enum BarLoader {
    /// - Parameters:
    ///   - path: a `.csv` file, a folder of `SYMBOL.csv` files (not recursive), or a SQLite bar
    ///     store made by `BarStore` (recognised by its header, whatever its extension).
    ///   - symbols: keep only these symbols (case-insensitive); an unknown one is an error.
    ///   - from, to: `YYYY-MM-DD`, inclusive; intraday bars are kept by their local date.
    ///   - badRows: `.fail` throws at the first bad row; `.skip` leaves bad rows out and lists
    ///     them in `LoadResult.report.skipped`.
    ///   - timeframe: which bars of a SQLite store to read (ignored for CSV).
    ///   - keeping: the optional fields (high, low, volume) the caller reads; the series come
    ///     with the others' arrays empty (every row's values are still checked).
    public static func load(path: String, symbols: [String]? = nil, from: String? = nil, to: String? = nil,
                            badRows: BadRowPolicy = .fail,
                            timeframe: String = BarStore.dailyTimeframe, keeping fields: BarFields = .all) throws -> LoadResult {
        let days = try DayRange(from: from, to: to, file: path)
        let wanted = symbols.flatMap { list -> [String]? in
            let cleaned = list.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
            return cleaned.isEmpty ? nil : Array(Set(cleaned)).sorted()
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw DataError(kind: .unreadable, file: path, message: "no such file or folder",
                            fix: "give the path of a CSV file, a folder of SYMBOL.csv files or a bar database")
        }
        if !isFolder.boolValue && isSQLite(path) {
            return try loadStore(path: path, wanted: wanted, days: days, timeframe: timeframe, fields: fields)
        }
        let files = isFolder.boolValue ? try csvFiles(inFolder: path) : [(symbol(forFile: path), path)]
        let available = files.map(\.symbol)
        try checkWanted(wanted, available: available, source: path)
        var result = LoadResult(series: [], report: LoadReport(), files: [])
        for (symbol, file) in files where wanted?.contains(symbol) ?? true {
            let parsed = try loadCSV(path: file, symbol: symbol, policy: badRows, days: days, fields: fields)
            if parsed.series.count == 0 {
                throw noBars(symbol: symbol, file: file, days: days, first: parsed.firstTime, last: parsed.lastTime)
            }
            result.series.append(parsed.series)
            result.report.merge(parsed.report)
            result.files.append(file)
        }
        return result
    }

    /// `SPY.csv` → `SPY`, `data/spy_2013-10-04_rth.csv` → `SPY`.
    public static func symbol(forFile path: String) -> String {
        var name = Substring(path.split(separator: "/", omittingEmptySubsequences: true).last ?? Substring(path))
        if name.lowercased().hasSuffix(".csv") { name = name.dropLast(4) }
        if let underscore = name.firstIndex(of: "_") { name = name[..<underscore] }
        return name.uppercased()
    }

    /// The CSV files of a folder (not recursive) with their symbols, sorted by symbol.
    public static func csvFiles(inFolder folder: String) throws -> [(symbol: String, path: String)] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw DataError(kind: .unreadable, file: folder, message: "cannot list the folder",
                            fix: "check that the folder exists and is readable")
        }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let files = names.filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".csv") }
            .map { (symbol: symbol(forFile: $0), path: prefix + $0) }
            .sorted { ($0.symbol, $0.path) < ($1.symbol, $1.path) }
        guard !files.isEmpty else {
            throw DataError(kind: .emptyFile, file: folder, message: "the folder has no .csv files",
                            fix: "put one SYMBOL.csv file per symbol in the folder")
        }
        for (a, b) in zip(files, files.dropFirst()) where a.symbol == b.symbol {
            throw DataError(kind: .duplicateSymbol, file: folder,
                            message: "two files give symbol \(a.symbol): \(a.path) and \(b.path)",
                            fix: "keep one file per symbol in the folder")
        }
        return files
    }

    static func loadCSV(path: String, symbol: String, policy: BadRowPolicy, days: DayRange,
                        fields: BarFields = .all) throws -> CSVBarParser.Output {
        let parser = CSVBarParser(file: path, symbol: symbol, policy: policy, days: days, keeps: fields)
        // A regular file is mapped and handed back as it is parsed; anything else (a pipe) is read whole.
        if let file = MappedFile(path: path) { return try parse(file, with: parser, path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(kind: .unreadable, file: path, message: "cannot read the file",
                            fix: "check that it exists and is readable")
        }
        return try data.withUnsafeBytes { raw in
            try parser.parse(raw.bindMemory(to: UInt8.self))
        }
    }

    /// Parses a mapped file. A file cut short under the parser reads as zeros from its new
    /// end: whatever the parser made of them (a bad row, fewer bars), the answer is that the
    /// file changed while it was read.
    static func parse(_ file: MappedFile, with parser: CSVBarParser, path: String) throws -> CSVBarParser.Output {
        try withExtendedLifetime(file) {
            let parsed = Result { try parser.parse(file.bytes, release: file.release(before:)) }
            if file.wasCutShort { throw changedWhileRead(path) }
            return try parsed.get()
        }
    }

    static func changedWhileRead(_ path: String) -> DataError {
        DataError(kind: .changedWhileRead, file: path,
                  message: "the file was cut short while it was read (another program rewrote it in place)",
                  fix: "load it again once that program has finished; let it write a temporary file and rename it into place")
    }

    static func isDirectory(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    static func isSQLite(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = handle.readData(ofLength: 16)
        return magic == Data("SQLite format 3\0".utf8)
    }

    private static func loadStore(path: String, wanted: [String]?, days: DayRange, timeframe: String, fields: BarFields) throws -> LoadResult {
        let store = try BarStore(path: path, readOnly: true)
        let available = try store.symbols(timeframe: timeframe)
        if available.isEmpty {
            let timeframes = try store.timeframes()
            throw DataError(kind: .unknownSymbol, file: path, message: "the database has no \(timeframe) bars"
                                + (timeframes.isEmpty ? "" : " (it has \(timeframes.joined(separator: ", ")))"),
                            fix: timeframes.isEmpty ? "import CSV files into it first" : "ask for one of the timeframes it has")
        }
        try checkWanted(wanted, available: available, source: path)
        var result = LoadResult(series: [], report: LoadReport(), files: [path])
        for symbol in wanted ?? available {
            // Widen by a day each side in UTC, then keep bars by their local date exactly.
            var series = try store.series(symbol: symbol, timeframe: timeframe,
                                          from: days.from.map { ($0 - 1) * 86400 },
                                          to: days.to.map { ($0 + 2) * 86400 }).filtered(days)
            if series.count == 0 {
                let coverage = try store.coverage(symbol: symbol, timeframe: timeframe)
                throw noBars(symbol: symbol, file: path, days: days, first: coverage.map { ($0.first, 0) },
                             last: coverage.map { ($0.last, 0) })
            }
            result.report.rowsRead += series.count
            result.report.barsLoaded += series.count
            series.keepOnly(fields)
            result.series.append(series)
        }
        return result
    }
}
