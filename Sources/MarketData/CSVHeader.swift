/// The header line of a bar CSV: which column holds which field, and whether bars are daily
/// (`date`) or intraday (`timestamp`). Names are case-insensitive, in any order, each once.
struct CSVHeader {
    let daily: Bool
    /// `slots[column]` is the canonical slot (0 time, 1 open, 2 high, 3 low, 4 close, 5 volume).
    let slots: [Int]
    /// Offset just past the header line.
    let end: Int

    /// Field names by slot, as messages use them.
    var names: [String] { [daily ? "date" : "timestamp", "open", "high", "low", "close", "volume"] }

    init(base: UnsafePointer<UInt8>, start: Int, count: Int, file: String) throws {
        let lineEnd = CSVBarParser.lineEnd(base, from: start, count: count)
        end = lineEnd + 1
        var text = CSVBarParser.text(base, start, lineEnd)
        if text.hasSuffix("\r") { text.removeLast() }
        let canonical = ["open": 1, "high": 2, "low": 3, "close": 4, "volume": 5]
        var slots: [Int] = []
        var seen = Set<Int>()
        var daily: Bool? = nil
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = Self.trimmed(field).lowercased()
            var slot = canonical[name]
            if name == "date" || name == "timestamp" {
                slot = daily == nil ? 0 : nil
                daily = name == "date"
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

    /// Without surrounding spaces, tabs and double quotes.
    private static func trimmed(_ field: Substring) -> String {
        let junk: Set<Character> = [" ", "\t", "\""]
        var slice = field
        while let first = slice.first, junk.contains(first) { slice.removeFirst() }
        while let last = slice.last, junk.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
