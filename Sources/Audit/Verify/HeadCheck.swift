/// A head an operator kept (`--expect-head`): `SEQ:HASH`, or `HASH` alone for "the log ends
/// with this record".
public struct HeadExpectation: Sendable, Equatable {
    /// With a `seq`, the log must still hold that record with that hash; records appended
    /// after it are fine (a head kept earlier stays valid as the log grows).
    public var seq: Int?
    /// Lowercase hex SHA-256.
    public var hash: String

    /// Nil unless `text` is 64 hex digits, optionally after `SEQ:`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        let hash = parts[parts.count - 1].lowercased()
        guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit }) else { return nil }
        if parts.count == 2 {
            guard let seq = Int(parts[0]), seq >= 0 else { return nil }
            self.seq = seq
        }
        self.hash = hash
    }
}

/// How the log compares with a kept head.
public struct HeadCheck: Sendable, Equatable {
    public var expected: HeadExpectation
    /// The log's last record.
    public var last: AuditHead
    /// With a `seq`: that record's hash in the log (nil when the log is shorter).
    public var hashAtSeq: String?
    /// The first record whose hash is the expected one.
    public var seqWithHash: Int?

    public var matches: Bool {
        expected.seq == nil ? last.hash == expected.hash : hashAtSeq == expected.hash
    }
}
