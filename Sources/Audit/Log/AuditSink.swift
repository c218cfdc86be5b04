import Foundation
import Vocabulary

/// Anything records can be appended to: the file-backed `AuditLog`, or `MemoryAuditLog` for
/// tests and runs without `--audit`. `append` returns only once the record is as durable as
/// the sink promises (for `AuditLog`: written and fsynced).
public protocol AuditSink: AnyObject, Sendable {
    func append(_ body: AuditBody, at: String, wall: String?) throws -> AuditRecord
    /// Appends a record whose `seq` and `prev` the caller does not need (a backtest's
    /// records): a sink may write it later, in order, and report a failure at a later call
    /// (`AuditLog.add`). By default, `append`.
    func add(_ body: AuditBody, at: String) throws
}

extension AuditSink {
    public func add(_ body: AuditBody, at: String) throws {
        _ = try append(body, at: at, wall: nil)
    }
}

extension AuditLog: AuditSink {}

/// An in-memory audit log with the same numbering and hash chain as the file (the lines it
/// would have written are in `lines`). Thread-safe.
public final class MemoryAuditLog: AuditSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storedRecords: [AuditRecord] = []
    private var storedLines: [String] = []
    private var writer = JSONFieldWriter(capacity: 4096)

    public init() {}

    public func append(_ body: AuditBody, at: String, wall: String? = nil) throws -> AuditRecord {
        lock.lock()
        defer { lock.unlock() }
        let prev = storedLines.last.map { AuditLineCodec.hash(Array($0.utf8)) } ?? AuditRecord.genesisHash
        let record = AuditRecord(seq: storedRecords.count + 1, at: at, wall: wall, prev: prev, body: body)
        writer.bytes.removeAll(keepingCapacity: true)
        try AuditLineCodec.encode(record, into: &writer)
        storedLines.append(String(decoding: writer.bytes, as: UTF8.self))
        storedRecords.append(record)
        return record
    }

    public var records: [AuditRecord] {
        lock.lock()
        defer { lock.unlock() }
        return storedRecords
    }

    /// The JSONL lines, without newlines, exactly as `AuditLog` would write them.
    public var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storedLines
    }
}
