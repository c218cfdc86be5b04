import Foundation

/// Checks an audit log's hash chain line by line (streaming) and names the first bad line.
///
/// What it detects: a changed line (its hash no longer matches the next line's `prev`, or it
/// no longer parses), deleted lines (a `seq` gap), reordered or repeated lines, and a file
/// cut mid-record. A hash chain alone cannot see a change to the very last line or whole
/// records removed from the end; when the SQLite index exists beside the log, its stored hash
/// of the last line and its highest `seq` are used to catch those too.
public enum AuditVerifier {
    /// Throws only when the file cannot be read at all.
    public static func verify(path: String, useIndex: Bool = true) throws -> VerifyResult {
        var reader = try LineReader(path: path)
        defer { reader.close() }
        let decoder = JSONDecoder()
        var expectedSeq = 1
        var prevHash = AuditRecord.genesisHash
        var count = 0

        while let line = try reader.next() {
            guard line.terminated else {
                return .bad(line: line.number, .truncated, checked: count,
                            "the file ends in the middle of this record (it has no line ending): the file was truncated or a write was interrupted")
            }
            let record: AuditRecord
            do {
                record = try AuditLineCodec.decode(line.bytes, with: decoder)
            } catch {
                return .bad(line: line.number, .unreadable, checked: count,
                            "this line is not a valid audit record (\(AuditLineCodec.reason(for: error))): it was changed or damaged")
            }
            if record.seq != expectedSeq {
                return seqProblem(at: line.number, found: record.seq, expected: expectedSeq, checked: count, rest: &reader)
            }
            if record.prev != prevHash {
                if line.number == 1 {
                    return .bad(line: 1, .brokenStart, checked: 0,
                                "the first record does not start the hash chain (its prev is not 64 zeros): the beginning of the file was removed or changed")
                }
                return .bad(line: line.number - 1, .changed, checked: count - 1,
                            "this record was changed after it was written (its hash does not match line \(line.number))")
            }
            prevHash = AuditLineCodec.hash(line.bytes)
            expectedSeq += 1
            count += 1
        }
        if useIndex, let problem = indexProblem(path: path, lastSeq: count, lastHash: prevHash) {
            return problem
        }
        return .intact(count, checkedIndex: useIndex && PosixFile.exists(AuditIndex.defaultPath(forLog: path)))
    }

    /// A `seq` that is not the next one: lines deleted, or lines moved.
    private static func seqProblem(at line: Int, found: Int, expected: Int, checked: Int, rest: inout LineReader) -> VerifyResult {
        if found < expected {
            return .bad(line: line, .outOfOrder, checked: checked,
                        "records are out of order or repeated (this is seq \(found), but seq \(expected - 1) came before it)")
        }
        let decoder = JSONDecoder()
        while let later = try? rest.next() {
            if let record = try? AuditLineCodec.decode(later.bytes, with: decoder), (expected..<found).contains(record.seq) {
                return .bad(line: line, .outOfOrder, checked: checked,
                            "records are out of order (this is seq \(found), but seq \(expected) comes later, at line \(later.number))")
            }
        }
        let gap = found - expected
        let what = gap == 1 ? "a record is missing before this line (seq \(expected))"
            : "\(gap) records are missing before this line (seq \(expected) to \(found - 1))"
        return .bad(line: line, .missing, checked: checked, "\(what): lines were deleted")
    }

    /// Compares the end of the log with the index, when one exists.
    private static func indexProblem(path: String, lastSeq: Int, lastHash: String) -> VerifyResult? {
        guard PosixFile.exists(AuditIndex.defaultPath(forLog: path)),
              let index = try? AuditIndex.existing(logPath: path),
              let indexed = try? index.lastIndexed()
        else { return nil }
        if indexed.seq > lastSeq {
            return .bad(line: lastSeq + 1, .endRemoved, checked: lastSeq,
                        "the log ends after line \(lastSeq), but its index lists records up to seq \(indexed.seq): records were removed from the end")
        }
        if lastSeq > 0, let stored = try? index.hash(ofSeq: lastSeq), stored != lastHash {
            return .bad(line: lastSeq, .changed, checked: lastSeq - 1,
                        "this record was changed after it was written (its hash does not match the one recorded in the index)")
        }
        return nil
    }
}
