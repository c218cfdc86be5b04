/// A problem with market data, located as precisely as we can: `file:line` for a bad row,
/// `file` alone for a whole-file or filter problem. `description` is what a user reads:
/// `file:line: what is wrong (the row text); how to fix it`.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        // Row problems: thrown under `BadRowPolicy.fail`, reported under `.skip`.
        case columnCount, missingValue, badNumber, badTime
        case nonPositivePrice, highBelowLow, outsideHighLow, negativeVolume
        case duplicateTime, unsortedTime
        // File, folder, store and filter problems: always thrown.
        case badHeader, emptyFile, noRows, unreadable, duplicateSymbol
        case unknownSymbol, badFilter, noBarsInRange, notBarStore, database, badSeries
    }

    public let kind: Kind
    /// The path as the caller gave it (or the store's path).
    public let file: String
    /// 1-based line in `file`; nil when the problem is not one row.
    public let line: Int?
    /// Column name (`close`, `date`, ...) when one column is at fault.
    public let column: String?
    /// What is wrong, in plain words.
    public let message: String
    /// The offending row as written in the file (shortened if very long).
    public let rowText: String?
    /// How to fix it.
    public let fix: String

    public init(kind: Kind, file: String, line: Int? = nil, column: String? = nil, message: String,
                rowText: String? = nil, fix: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.rowText = rowText.map { $0.count > 160 ? String($0.prefix(157)) + "..." : $0 }
        self.fix = fix
    }

    /// True for problems confined to one row, which `BadRowPolicy.skip` may skip.
    public var isRowProblem: Bool {
        switch kind {
        case .columnCount, .missingValue, .badNumber, .badTime, .nonPositivePrice, .highBelowLow,
             .outsideHighLow, .negativeVolume, .duplicateTime, .unsortedTime:
            return true
        default:
            return false
        }
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": \(message)"
        if let rowText { text += " (\(rowText))" }
        return text + "; " + fix
    }
}
