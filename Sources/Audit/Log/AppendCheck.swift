import Foundation

/// What `AuditLog` checks before it appends to a log, so that a log whose end was changed is
/// refused instead of being built on (a `halt` once "repaired" a log whose last records had
/// been deleted, and `audit verify` passed afterwards).
///
/// With an index the check costs as much for a large log as for a small one: the last record
/// the index knows must still be at its offset with its hash, and every line after it
/// (normally none) must be the next record of the chain. Without a usable index the whole
/// chain is checked. Either way, the only thing that may be set aside is an incomplete final
/// line after the last good record, which is what a crash in the middle of a write leaves;
/// anything else throws `damagedLog` at the first bad line, in the words of `audit verify`.
/// A same-length edit in the middle of an indexed log is not looked for here: finding that
/// takes reading the whole chain, which is what `audit verify` does.
struct AppendCheck {
    /// The last good record.
    var last: ChainPosition
    /// An incomplete final line after it.
    var torn: TornLine?
    /// There was no usable index (none, an empty one, or one of another version), so the
    /// chain was checked in full.
    var checkedWithoutIndex: Bool

    static func run(_ file: PosixFile, logPath: String) throws -> AppendCheck {
        switch AuditIndex.inspect(logPath: logPath) {
        case .unreadable(let reason):
            throw AuditError.unreadableIndex(indexPath: AuditIndex.defaultPath(forLog: logPath), logPath: logPath, reason: reason)
        case .ready(_, let indexed?):
            guard try ChainPosition(indexed).isIntact(in: file) else {
                throw firstProblem(in: logPath, else: AuditError.damagedLog(
                    path: logPath, line: indexed.line, reason: "line \(indexed.line) is not the record seq \(indexed.seq) the index recorded there"))
            }
            let (last, torn) = try follow(file, path: logPath, from: ChainPosition(indexed))
            return AppendCheck(last: last, torn: torn, checkedWithoutIndex: false)
        case .ready(_, nil), .missing, .otherVersion:
            let (last, torn) = try follow(file, path: logPath, from: .start)
            return AppendCheck(last: last, torn: torn, checkedWithoutIndex: true)
        }
    }

    /// Follows the chain from `position` to the end of the file: every complete line must be
    /// the next record. Returns the last one and an incomplete final line, if any.
    static func follow(_ file: PosixFile, path: String, from position: ChainPosition) throws -> (ChainPosition, TornLine?) {
        var reader = LineReader(file: file, offset: position.end, firstLine: position.line + 1)
        let decoder = JSONDecoder()
        var current = position
        while let line = try reader.next() {
            guard line.terminated else {
                // Nothing follows a line without a newline: this is the final one.
                return (current, TornLine(start: line.offset, line: line.number, reason: "it has no line ending, so writing it was interrupted"))
            }
            let problem: String?
            do {
                let record = try AuditLineCodec.decode(line.bytes, with: decoder)
                if record.seq != current.seq + 1 {
                    problem = "this is seq \(record.seq), but seq \(current.seq + 1) must follow line \(current.line)"
                } else if record.prev != current.hash {
                    problem = current.line == 0 ? "the first record does not start the hash chain"
                        : "this record does not continue the hash chain (its prev is not the hash of line \(current.line))"
                } else {
                    problem = nil
                }
            } catch {
                problem = "this line is not a valid audit record (\(AuditLineCodec.reason(for: error)))"
            }
            if let problem {
                throw firstProblem(in: path, else: AuditError.damagedLog(path: path, line: line.number, reason: problem))
            }
            current = ChainPosition(seq: current.seq + 1, hash: AuditLineCodec.hash(line.bytes), line: line.number,
                                    start: line.offset, end: line.offset + line.bytes.count + 1)
        }
        return (current, nil)
    }

    /// The first bad line as `audit verify` names it (the whole file is read: this is the
    /// error path), or `fallback` when the verifier finds nothing (the file changed meanwhile).
    static func firstProblem(in path: String, else fallback: AuditError) -> AuditError {
        guard let result = try? AuditVerifier.verify(path: path), let line = result.firstBadLine, let detail = result.detail else {
            return fallback
        }
        return .damagedLog(path: path, line: line, reason: detail)
    }
}

/// Where the chain stands after one record: its `seq`, the hash of its line, and where that
/// line is.
struct ChainPosition: Equatable {
    var seq: Int
    var hash: String
    /// Its line number (0 before the first record).
    var line: Int
    /// Byte offset of its line.
    var start: Int
    /// Byte offset just past its newline: where the next record goes.
    var end: Int

    static let start = ChainPosition(seq: 0, hash: AuditRecord.genesisHash, line: 0, start: 0, end: 0)

    init(seq: Int, hash: String, line: Int, start: Int, end: Int) {
        self.seq = seq
        self.hash = hash
        self.line = line
        self.start = start
        self.end = end
    }

    init(_ indexed: IndexedLine) {
        self.init(seq: indexed.seq, hash: indexed.sha256, line: indexed.line, start: indexed.offset,
                  end: indexed.offset + indexed.length + 1)
    }

    var head: AuditHead { AuditHead(seq: seq, hash: hash) }

    /// Whether `file` still holds this record's line, with its newline, where it was
    /// (trivially true before the first record).
    func isIntact(in file: PosixFile) throws -> Bool {
        guard seq > 0 else { return true }
        let length = end - start
        guard start >= 0, (1...LineReader.maxLineBytes + 1).contains(length) else { return false }
        let bytes = try file.read(at: start, count: length)
        return bytes.count == length && bytes.last == UInt8(ascii: "\n") && AuditLineCodec.hash(Array(bytes.dropLast())) == hash
    }
}

/// An incomplete final line: where it starts, its line number and why it is not a record.
struct TornLine: Equatable {
    var start: Int
    var line: Int
    var reason: String
}
