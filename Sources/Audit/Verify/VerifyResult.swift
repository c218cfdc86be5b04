/// The verdict of `AuditVerifier.verify`, as data: the first bad line and what is wrong with
/// it, what the index had to say, the log's head, and how it compares with a kept head. The
/// words are in `VerifyResult+Text.swift`.
public struct VerifyResult: Sendable, Equatable {
    public enum Problem: String, Sendable {
        /// The line's content changed after it was written (hash chain broken after it).
        case changed
        /// The line is a readable record that does not continue the chain after a line that
        /// is as it was written: added, or its `prev` edited, after the fact.
        case notChained = "not_chained"
        /// The line is not a readable record.
        case unreadable
        /// Records are missing before this line (seq gap).
        case missing
        /// Records are out of order or repeated.
        case outOfOrder = "out_of_order"
        /// The file ends mid-record.
        case truncated
        /// The first line does not start a chain.
        case brokenStart = "broken_start"
        /// Whole records were removed from the end (known from the index).
        case endRemoved = "end_removed"
    }

    /// What became of the index beside the log.
    public enum IndexState: Sendable, Equatable {
        /// Not asked to use it.
        case notUsed
        /// There is none (or it is empty): the end of the log was not cross-checked.
        case missing
        /// Something is there that cannot be read as an index: a finding in itself, since an
        /// index does not become unreadable on its own and the end of the log went unchecked.
        case unreadable(reason: String)
        /// An index of another version of algobot: not compared.
        case otherVersion(Int)
        /// Readable, but the chain broke before the end of the log, so it was not compared.
        case notCompared
        /// Compared with the log; it lists records up to this `seq`.
        case compared(indexedUpTo: Int)

        /// Whether this state alone makes the verdict a failure.
        public var isFinding: Bool {
            if case .unreadable = self { return true }
            return false
        }
    }

    /// Records checked (all of them when the chain is intact; the good ones before the
    /// problem otherwise).
    public var recordCount: Int
    public var firstBadLine: Int?
    public var problem: Problem?
    /// What is wrong with `firstBadLine`, one plain sentence.
    public var detail: String?
    public var index: IndexState
    /// The last record, when the chain is intact.
    public var head: AuditHead?
    /// The comparison with `--expect-head`, when one was asked for and the chain is intact.
    public var headCheck: HeadCheck?

    /// True when the chain is intact, the index (if any) could be read and agrees, and the
    /// head is the expected one.
    public var ok: Bool { problem == nil && !index.isFinding && headCheck?.matches != false }

    static func bad(line: Int, _ problem: Problem, checked: Int, _ detail: String, index: IndexState = .notUsed) -> VerifyResult {
        VerifyResult(recordCount: checked, firstBadLine: line, problem: problem, detail: detail, index: index)
    }
}
