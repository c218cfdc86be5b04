import Foundation

/// Checks an audit log's hash chain line by line (streaming) and names the first bad line.
///
/// What it detects: a changed line (its hash no longer matches the next line's `prev`, or it
/// no longer parses), deleted lines (a `seq` gap), reordered or repeated lines, and a file
/// cut mid-record. A hash chain alone cannot see a change to the very last line or whole
/// records removed from the end; the SQLite index beside the log keeps the hash of every
/// record, so its last record is compared with the log's, and it tells which of two lines
/// broke the chain. What the index said is part of the result (`IndexState`): a missing
/// index is reported, an unreadable one is a finding, and "agrees" is said only after the
/// comparison. A head kept elsewhere (`expectHead`) catches even a rewrite of both.
public enum AuditVerifier {
    /// Throws only when the file cannot be read at all (missing, not a regular file, a line
    /// longer than any record).
    public static func verify(path: String, useIndex: Bool = true, expectHead: HeadExpectation? = nil) throws -> VerifyResult {
        var reader = try LineReader(path: path)
        defer { reader.close() }
        let inspection = useIndex ? AuditIndex.inspect(logPath: path) : nil
        var index: AuditIndex?
        var indexed: IndexedLine?
        if case .ready(let found, let last) = inspection {
            index = found
            indexed = last
        }
        // What the result says about the index when the chain breaks before the comparison.
        let uncompared = state(inspection)
        let decoder = JSONDecoder()
        var expectedSeq = 1
        var prevHash = AuditRecord.genesisHash
        var count = 0
        var tracker = HeadTracker(expected: expectHead)

        while let line = try reader.next() {
            guard line.terminated else {
                var detail = "the file ends in the middle of this record (it has no line ending)"
                if let indexed, indexed.seq >= line.number {
                    detail += ", but its index lists records up to seq \(indexed.seq): the file was cut here; this is not an interrupted write"
                } else {
                    detail += ": the file was truncated or a write was interrupted"
                }
                return .bad(line: line.number, .truncated, checked: count, detail, index: uncompared)
            }
            let record: AuditRecord
            do {
                record = try AuditLineCodec.decode(line.bytes, with: decoder)
            } catch {
                return .bad(line: line.number, .unreadable, checked: count,
                            "this line is not a valid audit record (\(AuditLineCodec.reason(for: error))): it was changed or damaged",
                            index: uncompared)
            }
            if record.seq != expectedSeq {
                var result = seqProblem(at: line.number, found: record.seq, expected: expectedSeq, checked: count, rest: &reader)
                result.index = uncompared
                return result
            }
            if record.prev != prevHash {
                var result = chainProblem(at: line.number, seq: record.seq, checked: count, prevHash: prevHash, index: index,
                                          isLast: (try? reader.next()) == nil)
                result.index = uncompared
                return result
            }
            let hash = AuditLineCodec.hash(line.bytes)
            if let indexed, indexed.seq == record.seq, indexed.sha256 != hash {
                return .bad(line: line.number, .changed, checked: count,
                            "this record was changed after it was written (its hash does not match the one recorded in the index)",
                            index: .compared(indexedUpTo: indexed.seq))
            }
            tracker.see(seq: record.seq, hash: hash)
            prevHash = hash
            expectedSeq += 1
            count += 1
        }
        if let indexed, indexed.seq > count {
            return .bad(line: count + 1, .endRemoved, checked: count,
                        "the log ends after line \(count), but its index lists records up to seq \(indexed.seq): records were removed from the end",
                        index: .compared(indexedUpTo: indexed.seq))
        }
        let head = AuditHead(seq: count, hash: prevHash)
        return VerifyResult(recordCount: count, firstBadLine: nil, problem: nil, detail: nil,
                            index: index == nil ? uncompared : .compared(indexedUpTo: indexed?.seq ?? 0),
                            head: head, headCheck: tracker.check(last: head))
    }

    private static func state(_ inspection: IndexInspection?) -> VerifyResult.IndexState {
        switch inspection {
        case nil: return .notUsed
        case .missing?: return .missing
        case .unreadable(let reason)?: return .unreadable(reason: reason)
        case .otherVersion(let version)?: return .otherVersion(version)
        case .ready?: return .notCompared
        }
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

    /// Line `line`'s `prev` is not the hash of the line before it: one of the two is not as it
    /// was written. The index, which kept the earlier line's hash, tells which. Without it
    /// the earlier line is named, as an edit is the likelier cause, except when this is the
    /// last line: a line appended after the fact looks the same, so both are named.
    private static func chainProblem(at line: Int, seq: Int, checked: Int, prevHash: String, index: AuditIndex?,
                                     isLast: Bool) -> VerifyResult {
        if line == 1 {
            return .bad(line: 1, .brokenStart, checked: 0,
                        "the first record does not start the hash chain (its prev is not 64 zeros): the beginning of the file was removed or changed")
        }
        if let index, let stored = try? index.hash(ofSeq: seq - 1) {
            guard stored == prevHash else {
                return .bad(line: line - 1, .changed, checked: checked - 1,
                            "this record was changed after it was written (its hash matches neither line \(line)'s prev nor the index)")
            }
            let known = (try? index.hash(ofSeq: seq)) != nil
            return .bad(line: line, .notChained, checked: checked,
                        "this record does not continue the hash chain: its prev is not the hash of line \(line - 1), which is as it was written (it matches the index)"
                            + (known ? "; this record was changed after it was written" : ", and the index does not know this record: it was added after the fact"))
        }
        if isLast {
            return .bad(line: line, .notChained, checked: checked,
                        "the last record does not continue the hash chain (its prev is not the hash of line \(line - 1)): it was added or changed after the fact, or line \(line - 1) was changed; without the index the chain cannot tell which")
        }
        return .bad(line: line - 1, .changed, checked: checked - 1,
                    "this record was changed after it was written (its hash does not match line \(line))")
    }
}

/// Watches the hashes go by for `--expect-head`.
private struct HeadTracker {
    let expected: HeadExpectation?
    var hashAtSeq: String?
    var seqWithHash: Int?

    init(expected: HeadExpectation?) {
        self.expected = expected
        if expected?.seq == 0 { hashAtSeq = AuditRecord.genesisHash }
    }

    mutating func see(seq: Int, hash: String) {
        guard let expected else { return }
        if seq == expected.seq { hashAtSeq = hash }
        if seqWithHash == nil, hash == expected.hash { seqWithHash = seq }
    }

    func check(last: AuditHead) -> HeadCheck? {
        expected.map { HeadCheck(expected: $0, last: last, hashAtSeq: hashAtSeq, seqWithHash: seqWithHash) }
    }
}
