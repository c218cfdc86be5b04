/// A problem with market data, located as precisely as we can: `file:line` for a bad row,
/// `file` alone for a whole-file or filter problem. `description` is what a user reads:
/// `file:line: what is wrong (the row text); how to fix it`.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        // Row problems: thrown under `BadRowPolicy.fail`, reported under `.skip`.
        case columnCount, missingValue, badNumber, badTime
        case nonPositivePrice, highBelowLow, outsideHighLow, negativeVolume, priceOutOfRange, volumeOutOfRange
        case duplicateTime, unsortedTime
        // File, folder, store and filter problems: always thrown.
        case badHeader, emptyFile, noRows, unreadable, duplicateSymbol, changedWhileRead
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
        self.message = Self.printable(message)
        self.rowText = rowText.map { $0.count > 160 ? String($0.prefix(157)) + "..." : $0 }.map(Self.printable)
        self.fix = fix
    }

    /// `text` with control characters (the ESC of a terminal escape sequence, CR, NUL, DEL, C1
    /// codes) written as `\x1B`: messages quote a data file's bytes, and those must not be able
    /// to drive the terminal that shows them.
    static func printable(_ text: String) -> String {
        func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { out.append(scalar); continue }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" : "") + hex).unicodeScalars)
        }
        return String(out)
    }

    /// True for problems confined to one row, which `BadRowPolicy.skip` may skip.
    public var isRowProblem: Bool {
        switch kind {
        case .columnCount, .missingValue, .badNumber, .badTime, .nonPositivePrice, .highBelowLow,
             .outsideHighLow, .negativeVolume, .priceOutOfRange, .volumeOutOfRange, .duplicateTime, .unsortedTime:
            return true
        default:
            return false
        }
    }

    public var description: String {
        var text = Self.printable(file)   // a folder's file names are data too
        if let line { text += ":\(line)" }
        text += ": \(message)"
        if let rowText { text += " (\(rowText))" }
        return text + "; " + fix
    }
}
