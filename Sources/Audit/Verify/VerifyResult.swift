/// The verdict of `AuditVerifier.verify`: intact with a record count, or the first bad line
/// and what is wrong with it.
public struct VerifyResult: Sendable, Equatable, Codable {
    public enum Problem: String, Sendable, Codable {
        /// The line's content changed after it was written (hash chain broken after it).
        case changed
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

    public var ok: Bool
    /// Records checked (all of them when ok; the good ones before the problem otherwise).
    public var recordCount: Int
    public var firstBadLine: Int?
    public var problem: Problem?
    /// One plain sentence for the CLI: `line 17: this record was changed after it was written
    /// (its hash does not match line 18)` or `ok: 42 records, the hash chain is intact`.
    public var message: String

    static func intact(_ count: Int, checkedIndex: Bool) -> VerifyResult {
        let noun = count == 1 ? "record" : "records"
        let extra = checkedIndex ? " and agrees with the index" : ""
        return VerifyResult(ok: true, recordCount: count, firstBadLine: nil, problem: nil,
                            message: "ok: \(count) \(noun), the hash chain is intact\(extra)")
    }

    static func bad(line: Int, _ problem: Problem, checked: Int, _ message: String) -> VerifyResult {
        VerifyResult(ok: false, recordCount: checked, firstBadLine: line, problem: problem, message: "line \(line): \(message)")
    }
}
