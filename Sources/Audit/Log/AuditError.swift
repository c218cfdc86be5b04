/// Everything that can go wrong reading or writing an audit log, in words an operator can act on.
public enum AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file operation failed (open, write, fsync …).
    case io(path: String, action: String, reason: String)
    /// A line of the log could not be read as an audit record.
    case unreadableLine(path: String, line: Int, reason: String)
    /// The log fails the check made before appending to it (its end is not what the index
    /// recorded, or a line after the last good record is not the next record): nothing is
    /// appended to it.
    case damagedLog(path: String, line: Int, reason: String)
    /// The SQLite index beside the log exists but cannot be read, so the end of the log
    /// cannot be checked: nothing is appended to the log.
    case unreadableIndex(indexPath: String, logPath: String, reason: String)
    /// A record could not be turned into JSON.
    case encoding(reason: String)
    /// A record would be longer than `LineReader.maxLineBytes` and could not be read back.
    case recordTooLong(bytes: Int, limit: Int)
    /// A line is longer than any audit record may be.
    case lineTooLong(path: String, line: Int, limit: Int)
    /// A state file is a symbolic link, a FIFO, a device or a folder.
    case notRegularFile(path: String, kind: String)
    /// The SQLite index disagrees with the log (the log changed underneath it).
    case staleIndex(path: String, seq: Int)
    /// A date filter or time was not in the expected layout.
    case badDate(text: String, expected: String)

    /// Where RUNBOOK.md says what to do with a damaged log.
    static let runbook = "RUNBOOK.md, \"Damaged audit log\""

    public var description: String {
        switch self {
        case let .io(path, action, reason):
            return "\(path): could not \(action): \(reason)"
        case let .unreadableLine(path, line, reason):
            return "\(path):\(line): this line is not a readable audit record (\(reason)); run `algobot audit verify \(path)` for details"
        case let .damagedLog(path, line, reason):
            return "\(path):\(line): the audit log is damaged (\(reason)); nothing was written to it. "
                + "Run `algobot audit verify \(path)` to see the first bad line; keep the file as evidence and start a new log "
                + "(\(Self.runbook))"
        case let .unreadableIndex(indexPath, logPath, reason):
            return "\(indexPath): the audit index cannot be read (\(reason)), so the end of the log cannot be checked against it; "
                + "nothing was written to the log. Keep the index as evidence and move it aside, check the log with "
                + "`algobot audit verify \(logPath)`, then rebuild the index with `algobot audit reindex \(logPath)` (\(Self.runbook))"
        case let .encoding(reason):
            return "could not write an audit record as JSON: \(reason)"
        case let .recordTooLong(bytes, limit):
            return "an audit record of \(bytes) bytes is longer than the \(limit) bytes a record may have; it was not written"
        case let .lineTooLong(path, line, limit):
            return "\(path):\(line): this line is longer than \(limit) bytes, the most an audit record may have: "
                + "the file is not an audit log, or it was damaged"
        case let .notRegularFile(path, kind):
            let fix = kind == "a symbolic link"
                ? "algobot does not follow links for its state files; put the file itself there, or point --state or the `audit` setting at it"
                : "give the path of an audit log (a regular .jsonl file)"
            return "\(path) is \(kind), not a regular file: \(fix)"
        case let .staleIndex(path, seq):
            return "\(path): the audit index does not match the log at record \(seq): the log changed after it was indexed. "
                + "Run `algobot audit verify \(path)` to find out why before you rebuild the index with `algobot audit reindex` "
                + "(\(Self.runbook))"
        case let .badDate(text, expected):
            return "'\(text)' is not a date: expected \(expected)"
        }
    }
}
