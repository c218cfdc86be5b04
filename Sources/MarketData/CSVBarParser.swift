/// Parses one bar CSV file held in memory, in place: one pass over the bytes, fields located
/// by offsets, numbers and times parsed from the bytes (no `split`, no per-field `String`).
/// Error text is built only for bad rows.
struct CSVBarParser {
    struct Output {
        var series: BarSeries
        var report: LoadReport
        /// First and last valid bar before the date filter (for "no bars in range" messages).
        var firstTime: (seconds: Int64, offset: Int32)?
        var lastTime: (seconds: Int64, offset: Int32)?
    }

    let file: String
    let symbol: String
    let policy: BadRowPolicy
    let days: DayRange

    private static let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    /// Canonical column order: slot 0 is the time, then open, high, low, close, volume.
    private static let priceNames = ["open", "high", "low", "close", "volume"]

    func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws -> Output {
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
        let names = [daily ? "date" : "timestamp"] + Self.priceNames
        let slots = header.slots

        let capacity = Self.countLines(base + p, n - p) + 1
        var times = [Int64](), offsets = [Int32](), open = [Double](), high = [Double](), low = [Double]()
        var close = [Double](), volume = [Double]()
        times.reserveCapacity(capacity); open.reserveCapacity(capacity); high.reserveCapacity(capacity)
        low.reserveCapacity(capacity); close.reserveCapacity(capacity); volume.reserveCapacity(capacity)
        if !daily { offsets.reserveCapacity(capacity) }

        var report = LoadReport()
        var output = Output(series: BarSeries(symbol: symbol), report: report)
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: 6), ends = UnsafeMutablePointer<Int>.allocate(capacity: 6)
        defer { starts.deallocate(); ends.deallocate() }
        var values: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)
        var previous: (time: Int64, offset: Int32, line: Int, start: Int, end: Int)? = nil
        var line = 1

        while p < n {
            line += 1
            let lineStart = p
            var column = 0
            var fieldStart = p
            while p < n {
                let c = base[p]
                if c == Self.comma {
                    if column < 6 { starts[slots[column]] = fieldStart; ends[slots[column]] = p }
                    column += 1
                    fieldStart = p + 1
                } else if c == Self.newline {
                    break
                }
                p += 1
            }
            var lineEnd = p
            p += 1
            if lineEnd > lineStart && base[lineEnd - 1] == Self.cr { lineEnd -= 1 }
            if column < 6 { starts[slots[column]] = fieldStart; ends[slots[column]] = max(fieldStart, lineEnd) }
            column += 1

            var problem: DataError? = nil
            var time: Int64 = 0
            var offset: Int32 = 0
            row: do {
                if lineEnd == lineStart {
                    if Self.onlyBlankLinesFollow(base, from: p, count: n) { p = n; break row }
                    problem = DataError(kind: .columnCount, file: file, line: line, message: "empty row",
                                        fix: "remove the blank line")
                    break row
                }
                report.rowsRead += 1
                if column != 6 {
                    problem = rowError(.columnCount, nil, "expected 6 columns, found \(column)",
                                       "every row needs \(names.joined(separator: ","))", base, lineStart, lineEnd, line)
                    break row
                }
                for slot in 0..<6 where starts[slot] == ends[slot] {
                    problem = rowError(.missingValue, names[slot], "\(names[slot]) is missing",
                                       "fill in the value or remove the row", base, lineStart, lineEnd, line)
                    break row
                }
                if daily {
                    guard let day = TimeParser.date(base + starts[0], count: ends[0] - starts[0]) else {
                        problem = badTime(names[0], base, lineStart, lineEnd, line, starts[0], ends[0]); break row
                    }
                    time = day * 86400
                } else {
                    guard let stamp = TimeParser.timestamp(base + starts[0], count: ends[0] - starts[0]) else {
                        problem = badTime(names[0], base, lineStart, lineEnd, line, starts[0], ends[0]); break row
                    }
                    time = stamp.seconds
                    offset = stamp.offset
                }
                for slot in 1...5 {
                    guard let value = DecimalParser.parse(base + starts[slot], count: ends[slot] - starts[slot]) else {
                        let field = Self.text(base, starts[slot], ends[slot])
                        problem = rowError(.badNumber, names[slot], "\(names[slot]) is not a number: \"\(field)\"",
                                           "write a plain decimal number such as 123.45", base, lineStart, lineEnd, line)
                        break row
                    }
                    switch slot {
                    case 1: values.0 = value
                    case 2: values.1 = value
                    case 3: values.2 = value
                    case 4: values.3 = value
                    default: values.4 = value
                    }
                }
                if let bad = BarCheck.problem(open: values.0, high: values.1, low: values.2, close: values.3, volume: values.4) {
                    problem = rowError(bad.kind, bad.column, bad.message, bad.fix, base, lineStart, lineEnd, line)
                    break row
                }
                if let previous, time <= previous.time {
                    let this = Self.text(base, starts[0], ends[0]), before = Self.text(base, previous.start, previous.end)
                    problem = time == previous.time
                        ? rowError(.duplicateTime, names[0], "\(names[0]) \(this) repeats line \(previous.line)",
                                   "remove one of the two rows", base, lineStart, lineEnd, line)
                        : rowError(.unsortedTime, names[0], "\(names[0]) \(this) is earlier than \(before) on line \(previous.line)",
                                   "sort the rows by \(names[0]), oldest first", base, lineStart, lineEnd, line)
                    break row
                }
            }
            if let problem {
                if policy == .fail { throw problem }
                report.skipped.append(problem)
                continue
            }
            if lineEnd == lineStart { break }  // trailing blank lines
            previous = (time, offset, line, starts[0], ends[0])
            if output.firstTime == nil { output.firstTime = (time, offset) }
            if days.contains(daily ? time / 86400 : BarTime.floorDay(time + Int64(offset))) {
                times.append(time)
                if !daily { offsets.append(offset) }
                open.append(values.0); high.append(values.1); low.append(values.2)
                close.append(values.3); volume.append(values.4)
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
}
