/// Helpers of `CSVBarParser` that only run off the hot path (errors) or once per file.
extension CSVBarParser {
    func rowError(_ kind: DataError.Kind, _ column: String?, _ message: String, _ fix: String,
                  _ base: UnsafePointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, _ line: Int) -> DataError {
        DataError(kind: kind, file: file, line: line, column: column, message: message,
                  rowText: Self.text(base, lineStart, lineEnd), fix: fix)
    }

    func badTime(_ name: String, _ base: UnsafePointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, _ line: Int,
                 _ start: Int, _ end: Int) -> DataError {
        let field = Self.text(base, start, end)
        return name == "date"
            ? rowError(.badTime, name, "date is not a valid YYYY-MM-DD date: \"\(field)\"",
                       "write the trading day as YYYY-MM-DD, for example 2020-03-02", base, lineStart, lineEnd, line)
            : rowError(.badTime, name, "timestamp is not a valid timestamp: \"\(field)\"",
                       "write YYYY-MM-DDTHH:MM:SS with an offset (-05:00), Z, or nothing for UTC", base, lineStart, lineEnd, line)
    }

    static func text(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: max(0, end - start)), as: UTF8.self)
    }

    /// Upper bound for the number of rows, so the arrays are allocated once.
    static func countLines(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var lines = 0
        for i in 0..<max(0, count) where start[i] == UInt8(ascii: "\n") { lines += 1 }
        return lines
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

/// The header line: which column holds which field, and whether bars are daily (`date`) or
/// intraday (`timestamp`). Names are case-insensitive, in any order, each exactly once.
struct CSVHeader {
    let daily: Bool
    /// `slots[column]` is the canonical slot (0 time, 1 open ... 5 volume) of that column.
    let slots: [Int]
    /// Offset just past the header line.
    let end: Int

    init(base: UnsafePointer<UInt8>, start: Int, count: Int, file: String) throws {
        var p = start
        while p < count && base[p] != UInt8(ascii: "\n") { p += 1 }
        end = p + 1
        var text = CSVBarParser.text(base, start, p)
        if text.hasSuffix("\r") { text.removeLast() }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0).trimming(" \t\"").lowercased()
        }
        let canonical = ["open": 1, "high": 2, "low": 3, "close": 4, "volume": 5]
        var slots: [Int] = []
        var seen = Set<Int>()
        var daily: Bool? = nil
        for name in names {
            let slot: Int?
            switch name {
            case "date": slot = 0; daily = daily == nil ? true : daily
            case "timestamp": slot = 0; daily = daily == nil ? false : daily
            default: slot = canonical[name]
            }
            guard let slot, seen.insert(slot).inserted else { slots = []; break }
            slots.append(slot)
        }
        guard slots.count == 6, let daily else {
            throw DataError(kind: .badHeader, file: file, line: 1,
                            message: text.isEmpty ? "the header line is empty" : "unexpected header \"\(text)\"",
                            fix: "the first line must name the columns date,open,high,low,close,volume "
                                + "(or timestamp,open,high,low,close,volume for intraday bars)")
        }
        self.daily = daily
        self.slots = slots
    }
}

extension String {
    fileprivate func trimming(_ set: String) -> String {
        let chars = Set(set)
        var slice = Substring(self)
        while let first = slice.first, chars.contains(first) { slice.removeFirst() }
        while let last = slice.last, chars.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
