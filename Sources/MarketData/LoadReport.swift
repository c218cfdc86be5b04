/// What to do with a row that fails validation.
public enum BadRowPolicy: String, Sendable, CaseIterable {
    /// Stop at the first bad row and throw its `DataError` (the default).
    case fail
    /// Leave the row out, keep going, and list it in `LoadReport.skipped`. Never silent: callers
    /// must show `LoadReport.summary` (or the skipped rows) to the user.
    case skip
}

/// What a load read and what it left out.
public struct LoadReport: Sendable, Equatable {
    /// Data rows read from the source (header excluded), including skipped and filtered ones.
    public var rowsRead: Int
    /// Bars in the returned series, after the symbol and date filters.
    public var barsLoaded: Int
    /// Every row left out under `BadRowPolicy.skip`, with its file, line and reason, in file order.
    public var skipped: [DataError]

    public init(rowsRead: Int = 0, barsLoaded: Int = 0, skipped: [DataError] = []) {
        self.rowsRead = rowsRead
        self.barsLoaded = barsLoaded
        self.skipped = skipped
    }

    public var isClean: Bool { skipped.isEmpty }

    /// `5849 bars loaded from 5849 rows` plus one line per skipped row.
    public var summary: String {
        var text = "\(barsLoaded) bars loaded from \(rowsRead) rows"
        if skipped.isEmpty { return text }
        text += ", \(skipped.count) bad row\(skipped.count == 1 ? "" : "s") skipped:"
        for row in skipped { text += "\n  skipped " + row.description }
        return text
    }

    mutating func merge(_ other: LoadReport) {
        rowsRead += other.rowsRead
        barsLoaded += other.barsLoaded
        skipped += other.skipped
    }
}
