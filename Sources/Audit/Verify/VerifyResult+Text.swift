/// The words of a verdict, for `algobot audit verify` and the errors that quote it.
extension VerifyResult {
    /// One plain sentence about the chain: `line 17: this record was changed after it was
    /// written (its hash does not match line 18)` or `ok: 42 records, the hash chain is intact
    /// and agrees with the index` — "agrees" only when the index was compared and lists
    /// exactly the log's records.
    public var message: String {
        if let firstBadLine, let detail { return "line \(firstBadLine): \(detail)" }
        let noun = recordCount == 1 ? "record" : "records"
        let agrees = index == .compared(indexedUpTo: recordCount) ? " and agrees with the index" : ""
        return "ok: \(recordCount) \(noun), the hash chain is intact\(agrees)"
    }

    /// Why the index makes the verdict a failure although the chain is intact.
    public var indexFinding: String? {
        guard problem == nil, case .unreadable(let reason) = index else { return nil }
        return "the hash chain is intact, but the index cannot be read (\(reason)), so the end of the log could not be checked "
            + "against it; an index does not become unreadable by itself. Keep it as evidence and move it aside, then rebuild it "
            + "with `algobot audit reindex` (RUNBOOK.md, \"Damaged audit log\")"
    }

    /// What the operator should know although nothing is wrong: the end of the log could not
    /// be cross-checked, or the index does not know the last records.
    public var warnings: [String] {
        guard problem == nil else { return [] }
        switch index {
        case .missing:
            return ["there is no index beside the log, so its end could not be cross-checked: records removed from the end or a "
                + "changed last record would not show. `algobot audit reindex` builds the index from the log as it is now; "
                + "`--expect-head` compares the end with a head you kept"]
        case .otherVersion(let version):
            return ["the index was written by another version of algobot (index version \(version)), so the end of the log was "
                + "not cross-checked; rebuild it with `algobot audit reindex`"]
        case .compared(let indexedUpTo) where indexedUpTo < recordCount:
            let which = recordCount - indexedUpTo == 1 ? "record \(recordCount) is" : "records \(indexedUpTo + 1)–\(recordCount) are"
            return ["the index lists records up to seq \(indexedUpTo) only: \(which) not in it (written while the index was not "
                + "kept up to date, or added by something other than algobot). The hash chain vouches for them, the index cannot; "
                + "the next `algobot` command that writes to the log adds them, or `algobot audit reindex`"]
        default:
            return []
        }
    }

    /// `head 146:9f2c…`: the anchor to keep elsewhere.
    public var headLine: String? {
        head.map { "head \($0.text)" }
    }

    /// The comparison with `--expect-head`, in words.
    public var headCheckText: String? {
        guard let check = headCheck else { return nil }
        let expected = check.expected, last = check.last
        if let seq = expected.seq {
            guard let found = check.hashAtSeq else {
                return "head check failed: expected record \(seq) with sha256 \(expected.hash), but the log ends at record \(last.seq) "
                    + "(sha256 \(last.hash)): records were removed from the end, or this is another log"
            }
            guard found == expected.hash else {
                return "head check failed: expected record \(seq) to have sha256 \(expected.hash), found \(found): the log was "
                    + "rewritten up to there, or this is another log"
            }
            return last.seq == seq ? "head check: the log ends at the expected head (record \(seq))"
                : "head check: record \(seq) has the expected hash; \(Self.records(last.seq - seq)) appended after it"
        }
        if check.matches { return "head check: the last record (\(last.seq)) has the expected hash" }
        let found = "head check failed: expected the last record to have sha256 \(expected.hash), found \(last.hash) at record \(last.seq)"
        if let earlier = check.seqWithHash {
            return found + "; record \(earlier) has the expected hash, and \(Self.records(last.seq - earlier)) appended after it "
                + "(`--expect-head \(earlier):\(expected.hash)` accepts records appended since)"
        }
        return found + ", and no record has the expected hash: the log was rewritten, or this is another log"
    }

    /// "1 record was", "3 records were".
    private static func records(_ count: Int) -> String {
        count == 1 ? "1 record was" : "\(count) records were"
    }
}
