import Foundation

/// Reads an audit log back, one line at a time (constant memory). A line that is not a
/// complete record is an `AuditError.unreadableLine` naming its line number.
public struct AuditReader: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Calls `body` with each record and its 1-based line number, in file order.
    public func forEach(_ body: (_ record: AuditRecord, _ line: Int) throws -> Void) throws {
        try forEachLine { line, record in try body(record, line.number) }
    }

    /// Every record in the log (for small logs and tests).
    public func readAll() throws -> [AuditRecord] {
        var out: [AuditRecord] = []
        try forEach { record, _ in out.append(record) }
        return out
    }

    /// The record with the given `seq`, found by scanning (use `AuditIndex` for many lookups).
    public func record(seq: Int) throws -> AuditRecord? {
        var found: AuditRecord?
        do {
            try forEach { record, _ in
                if record.seq == seq {
                    found = record
                    throw StopScan()
                }
            }
        } catch is StopScan {}
        return found
    }

    /// Raw lines with their decoded records; shared by the exporter.
    func forEachLine(_ body: (RawLine, AuditRecord) throws -> Void) throws {
        var reader = try LineReader(path: path)
        defer { reader.close() }
        let decoder = JSONDecoder()
        while let line = try reader.next() {
            guard line.terminated else {
                throw AuditError.unreadableLine(path: path, line: line.number,
                                                reason: "the line has no line ending: the file was truncated or a write was interrupted")
            }
            let record: AuditRecord
            do {
                record = try AuditLineCodec.decode(line.bytes, with: decoder)
            } catch {
                throw AuditError.unreadableLine(path: path, line: line.number, reason: AuditLineCodec.reason(for: error))
            }
            try body(line, record)
        }
    }

    private struct StopScan: Error {}
}
