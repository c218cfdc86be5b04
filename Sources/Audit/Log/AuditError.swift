/// Everything that can go wrong reading or writing an audit log, in words an operator can act on.
public enum AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file operation failed (open, write, fsync …).
    case io(path: String, action: String, reason: String)
    /// A line of the log could not be read as an audit record.
    case unreadableLine(path: String, line: Int, reason: String)
    /// After setting a torn last line aside, the line before it is damaged too: that is not a
    /// crash mid-write, so the log is left as it is.
    case damagedLog(path: String, line: Int, reason: String)
    /// A record could not be turned into JSON.
    case encoding(reason: String)
    /// The SQLite index disagrees with the log (the log changed underneath it).
    case staleIndex(path: String, seq: Int)
    /// A date filter or time was not in the expected layout.
    case badDate(text: String, expected: String)

    public var description: String {
        switch self {
        case let .io(path, action, reason):
            return "\(path): could not \(action): \(reason)"
        case let .unreadableLine(path, line, reason):
            return "\(path):\(line): this line is not a readable audit record (\(reason)); run `algobot audit verify \(path)` for details"
        case let .damagedLog(path, line, reason):
            return "\(path):\(line): the audit log is damaged (\(reason)); nothing was changed. "
                + "Run `algobot audit verify \(path)` to see what is wrong, and keep a copy of the file before repairing it"
        case let .encoding(reason):
            return "could not write an audit record as JSON: \(reason)"
        case let .staleIndex(path, seq):
            return "\(path): the audit index does not match the log at record \(seq); rebuild it with `algobot audit reindex`"
        case let .badDate(text, expected):
            return "'\(text)' is not a date: expected \(expected)"
        }
    }
}
