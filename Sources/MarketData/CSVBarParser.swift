#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Vocabulary

/// Parses one bar CSV file held in memory, in place, in one pass: each field is parsed where
/// it lies and the parser stops at its delimiter (no `split`, no per-field `String`). A row
/// that does not fit the fast path (odd layout, missing or unusual value) is re-read by
/// `diagnose`, which either accepts it or says exactly what is wrong.
struct CSVBarParser {
    struct Output {
        var series: BarSeries
        var report: LoadReport
        /// First and last valid bar before the date filter (for "no bars in range" messages).
        var firstTime: (seconds: Int64, offset: Int32)?
        var lastTime: (seconds: Int64, offset: Int32)?
    }

    /// One row's parsed fields; `values` is indexed by slot (1 open ... 5 volume; 0 unused).
    struct Row {
        var time: Int64 = 0
        var offset: Int32 = 0
        var timeStart = 0, timeEnd = 0
        var values: (Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0)
    }

    let file: String
    let symbol: String
    let policy: BadRowPolicy
    let days: DayRange
    /// The optional fields to keep; the others are checked in every row as always, but not
    /// kept (`BarLoader.load(keeping:)`).
    var keeps = BarFields.all

    static let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// `release(offset)`, when given, is told now and then that the bytes before `offset` will
    /// not be read again (a mapped file hands their pages back).
    func parse(_ buffer: UnsafeBufferPointer<UInt8>, release: ((Int) -> Void)? = nil) throws -> Output {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            throw DataError(kind: .emptyFile, file: file, message: "the file is empty",
                            fix: "add a header line (date,open,high,low,close,volume) and bars")
        }
        let n = buffer.count
        var p = 0
        if n >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { p = 3 }  // UTF-8 BOM
        let header = try CSVHeader(base: base, start: p, count: n, file: file)
        p = header.end
        let daily = header.daily
        let slotOf = UnsafeMutablePointer<Int>.allocate(capacity: 6)
        defer { slotOf.deallocate() }
        for (column, slot) in header.slots.enumerated() { slotOf[column] = slot }

        let capacity = Self.countLines(base, from: min(p, n), count: n, release: release) + 1
        var times = [Int64](), offsets = [Int32](), open = [Double](), high = [Double](), low = [Double]()
        var close = [Double](), volume = [Double]()
        let keepsHigh = keeps.contains(.high), keepsLow = keeps.contains(.low), keepsVolume = keeps.contains(.volume)
        times.reserveCapacity(capacity); open.reserveCapacity(capacity); close.reserveCapacity(capacity)
        if keepsHigh { high.reserveCapacity(capacity) }
        if keepsLow { low.reserveCapacity(capacity) }
        if keepsVolume { volume.reserveCapacity(capacity) }
        if !daily { offsets.reserveCapacity(capacity) }

        var report = LoadReport()
        var output = Output(series: BarSeries(symbol: symbol), report: report)
        var previous: (time: Int64, offset: Int32, line: Int, start: Int, end: Int)? = nil
        var row = Row()
        var line = 1
        var releaseAt = Self.releaseStep
        /// The width of the last timestamp read (rows of one file write them alike).
        var stampWidth = 0

        while p < n {
            line += 1
            let lineStart = p
            if p >= releaseAt, let release {
                // The previous row's time may still be quoted in an error about this one.
                release(previous?.start ?? lineStart)
                releaseAt = p + Self.releaseStep
            }
            var q = p
            var fast = true
            for column in 0..<6 {
                let slot = slotOf[column]
                if slot == 0 {
                    row.timeStart = q
                    if daily {
                        // Fixed width: no scan, the delimiter check below rejects longer fields.
                        guard q + 10 < n, let day = TimeParser.day(base + q) else { fast = false; break }
                        q += 10
                        row.timeEnd = q
                        row.time = day * 86400
                    } else if q + stampWidth < n && base[q + stampWidth] == Self.comma,
                              let stamp = TimeParser.timestamp(base + q, count: stampWidth) {
                        // As wide as the last row's: a timestamp holds no comma, newline or
                        // `\r`, so the scan below would have stopped at the same comma.
                        q += stampWidth
                        row.timeEnd = q
                        row.time = stamp.seconds
                        row.offset = stamp.offset
                    } else {
                        while q < n && base[q] != Self.comma && base[q] != Self.newline && base[q] != Self.cr { q += 1 }
                        row.timeEnd = q
                        guard let stamp = TimeParser.timestamp(base + row.timeStart, count: q - row.timeStart) else {
                            fast = false; break
                        }
                        row.time = stamp.seconds
                        row.offset = stamp.offset
                        stampWidth = q - row.timeStart
                    }
                } else {
                    guard let value = DecimalParser.parsePrefix(base, from: &q, end: n) else { fast = false; break }
                    switch slot {
                    case 1: row.values.1 = value
                    case 2: row.values.2 = value
                    case 3: row.values.3 = value
                    case 4: row.values.4 = value
                    default: row.values.5 = value
                    }
                }
                if column < 5 {
                    guard q < n && base[q] == Self.comma else { fast = false; break }
                    q += 1
                } else {
                    if q < n && base[q] == Self.cr { q += 1 }
                    guard q >= n || base[q] == Self.newline else { fast = false; break }
                    q += 1
                }
            }

            // Problems leave through `reject` so the common path carries no optional error value.
            if fast {
                p = q
                report.rowsRead += 1
            } else {
                var lineEnd = Self.lineEnd(base, from: lineStart, count: n)
                p = lineEnd + 1
                if lineEnd > lineStart && base[lineEnd - 1] == Self.cr { lineEnd -= 1 }
                if lineEnd == lineStart {
                    if Self.onlyBlankLinesFollow(base, from: p, count: n) { break }
                    try reject(DataError(kind: .columnCount, file: file, line: line, message: "empty row",
                                         fix: "remove the blank line"), &report)
                    continue
                }
                report.rowsRead += 1
                if let problem = diagnose(base, lineStart, lineEnd, line, header, &row) {
                    try reject(problem, &report)
                    continue
                }
            }
            if let bad = BarCheck.problem(open: row.values.1, high: row.values.2, low: row.values.3,
                                          close: row.values.4, volume: row.values.5) {
                try reject(rowError(bad.kind, bad.column, bad.message, bad.fix, base, lineStart, n, line), &report)
                continue
            }
            if let previous, row.time <= previous.time {
                try reject(orderError(header, base, lineStart, n, line, row,
                                      previous: (previous.time, previous.line, previous.start, previous.end)), &report)
                continue
            }
            previous = (row.time, row.offset, line, row.timeStart, row.timeEnd)
            if output.firstTime == nil { output.firstTime = (row.time, row.offset) }
            if days.isAll || days.contains(CivilDate.day(containing: daily ? row.time : row.time + Int64(row.offset))) {
                times.append(row.time)
                if !daily { offsets.append(row.offset) }
                open.append(row.values.1); close.append(row.values.4)
                if keepsHigh { high.append(row.values.2) }
                if keepsLow { low.append(row.values.3) }
                if keepsVolume { volume.append(row.values.5) }
            }
        }
        if let previous { output.lastTime = (previous.time, previous.offset) }
        if report.rowsRead == 0 {
            throw DataError(kind: .emptyFile, file: file, message: "the file has a header but no rows",
                            fix: "add bars below the header, or remove the file")
        }
        if previous == nil {
            throw DataError(kind: .noRows, file: file,
                            message: "no valid rows: all \(report.rowsRead) rows are bad (first: \(report.skipped[0].description))",
                            fix: "fix the rows listed")
        }
        report.barsLoaded = times.count
        output.series = BarSeries(symbol: symbol, times: times, utcOffsets: offsets, open: open, high: high,
                                  low: low, close: close, volume: volume)
        output.report = report
        return output
    }

    /// Throws `problem` under `.fail`; records it under `.skip`.
    @inline(never)
    func reject(_ problem: DataError, _ report: inout LoadReport) throws {
        if policy == .fail { throw problem }
        report.skipped.append(problem)
    }

    /// Index of the `\n` ending the line that starts at `from`, or `count`.
    static func lineEnd(_ base: UnsafePointer<UInt8>, from: Int, count: Int) -> Int {
        guard from < count, let hit = memchr(base + from, Int32(newline), count - from) else { return count }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Bytes parsed between two calls of `release`.
    static let releaseStep = 4 << 20

    /// Upper bound for the number of rows in `base[from ..< count]`, so the arrays are
    /// allocated once; the bytes counted are released as it goes (the parse reads them again).
    static func countLines(_ base: UnsafePointer<UInt8>, from: Int, count: Int, release: ((Int) -> Void)?) -> Int {
        var lines = 0, p = from, releaseAt = from + releaseStep
        while p < count {
            p = lineEnd(base, from: p, count: count) + 1
            lines += 1
            if p >= releaseAt, let release {
                release(p)
                releaseAt = p + releaseStep
            }
        }
        return lines
    }
}
