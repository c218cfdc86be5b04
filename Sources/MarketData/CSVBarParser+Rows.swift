/// The slow path of `CSVBarParser`: rows the fast path could not take, and error texts.
extension CSVBarParser {
    /// Re-reads one line field by field (split at commas) and either fills `row` and returns
    /// nil, or returns what is wrong with the line.
    func diagnose(_ base: UnsafePointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, _ line: Int,
                  _ header: CSVHeader, _ row: inout Row) -> DataError? {
        let names = header.names
        var starts = [Int](repeating: 0, count: 6), ends = [Int](repeating: 0, count: 6)
        var column = 0, fieldStart = lineStart
        for p in lineStart...lineEnd where p == lineEnd || base[p] == Self.comma {
            if column < 6 { starts[header.slots[column]] = fieldStart; ends[header.slots[column]] = p }
            column += 1
            fieldStart = p + 1
        }
        func fail(_ kind: DataError.Kind, _ column: String?, _ message: String, _ fix: String) -> DataError {
            rowError(kind, column, message, fix, base, lineStart, lineEnd, line)
        }
        if column != 6 {
            return fail(.columnCount, nil, "expected 6 columns, found \(column)", "every row needs \(names.joined(separator: ","))")
        }
        for slot in 0..<6 where starts[slot] == ends[slot] {
            return fail(.missingValue, names[slot], "\(names[slot]) is missing", "fill in the value or remove the row")
        }
        row.timeStart = starts[0]
        row.timeEnd = ends[0]
        let timeText = Self.text(base, starts[0], ends[0])
        if header.daily {
            guard let day = TimeParser.date(base + starts[0], count: ends[0] - starts[0]) else {
                return fail(.badTime, "date", "date is not a valid YYYY-MM-DD date: \"\(timeText)\"",
                            "write the trading day as YYYY-MM-DD, for example 2020-03-02")
            }
            row.time = day * 86400
        } else {
            guard let stamp = TimeParser.timestamp(base + starts[0], count: ends[0] - starts[0]) else {
                return fail(.badTime, "timestamp", "timestamp is not a valid timestamp: \"\(timeText)\"",
                            "write YYYY-MM-DDTHH:MM:SS with an offset (-05:00), Z, or nothing for UTC")
            }
            row.time = stamp.seconds
            row.offset = stamp.offset
        }
        for slot in 1...5 {
            guard let value = DecimalParser.parse(base + starts[slot], count: ends[slot] - starts[slot]) else {
                return fail(.badNumber, names[slot], "\(names[slot]) is not a number: \"\(Self.text(base, starts[slot], ends[slot]))\"",
                            "write a plain decimal number such as 123.45")
            }
            switch slot {
            case 1: row.values.1 = value
            case 2: row.values.2 = value
            case 3: row.values.3 = value
            case 4: row.values.4 = value
            default: row.values.5 = value
            }
        }
        return nil
    }

    func orderError(_ header: CSVHeader, _ base: UnsafePointer<UInt8>, _ lineStart: Int, _ limit: Int, _ line: Int,
                    _ row: Row, previous: (time: Int64, line: Int, start: Int, end: Int)) -> DataError {
        let name = header.names[0]
        let this = Self.text(base, row.timeStart, row.timeEnd), before = Self.text(base, previous.start, previous.end)
        if row.time == previous.time {
            return rowError(.duplicateTime, name, "\(name) \(this) repeats line \(previous.line)",
                            "remove one of the two rows", base, lineStart, limit, line)
        }
        return rowError(.unsortedTime, name, "\(name) \(this) is earlier than \(before) on line \(previous.line)",
                        "sort the rows by \(name), oldest first", base, lineStart, limit, line)
    }

    /// An error for the row starting at `lineStart`; its text runs to the end of the line
    /// (found here, before `limit`), without the `\r`.
    func rowError(_ kind: DataError.Kind, _ column: String?, _ message: String, _ fix: String,
                  _ base: UnsafePointer<UInt8>, _ lineStart: Int, _ limit: Int, _ line: Int) -> DataError {
        var end = Self.lineEnd(base, from: lineStart, count: limit)
        if end > lineStart && base[end - 1] == Self.cr { end -= 1 }
        return DataError(kind: kind, file: file, line: line, column: column, message: message,
                         rowText: Self.text(base, lineStart, end), fix: fix)
    }

    static func text(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: max(0, end - start)), as: UTF8.self)
    }

    static func onlyBlankLinesFollow(_ base: UnsafePointer<UInt8>, from: Int, count: Int) -> Bool {
        var i = from
        while i < count {
            if base[i] != UInt8(ascii: "\n") && base[i] != UInt8(ascii: "\r") { return false }
            i += 1
        }
        return true
    }
}
