/// The end of an audit log: the `seq` of its last record (the number of records) and the
/// SHA-256 of that record's line. The hash chain makes every earlier line depend on it, so a
/// head kept somewhere the log's writer cannot reach (`status.json` copied off the machine,
/// the line `audit export` prints, an operator's notes) detects what the chain alone cannot:
/// a log rewritten end to end with every hash recomputed. `audit verify --expect-head`
/// compares a kept head with the log.
public struct AuditHead: Sendable, Equatable, Codable {
    /// The `seq` of the last record; 0 for an empty log.
    public var seq: Int
    /// Lowercase hex SHA-256 of the last record's line (without its newline); 64 zeros for
    /// an empty log.
    public var hash: String

    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// `146:9f2c…` (seq, colon, hash): the form `audit verify --expect-head` takes.
    public var text: String { "\(seq):\(hash)" }
}
