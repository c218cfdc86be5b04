import Foundation
import Logging

/// The append-only, hash-chained audit log (JSONL, one record per line).
///
/// `append` returns only after the line is written and, by default, flushed to disk with
/// `fsync`: the engine hands an order to the broker only after that. Appends are serialised
/// by a lock inside the process and an advisory file lock (`flock`) across processes, and the
/// chain is re-read from the file if another process appended in between, so the engine and
/// `algobot approvals approve` can share one log.
///
/// On open the last line is checked. An incomplete last line (a crash mid-write) is moved
/// byte for byte to `<file>.torn-<n>`, the file is cut back to the last complete record and a
/// `note` record says what was set aside and where (see `recovery`). Earlier lines are never
/// touched.
public final class AuditLog: @unchecked Sendable {
    public enum Durability: Sendable {
        /// `fsync` after every record (the default; required before sending an order).
        case fsyncEachRecord
        /// `fsync` only on `sync()` and `close()`: for backtests, where no order leaves the
        /// process and thousands of fsyncs would dominate the run time.
        case fsyncOnClose
    }

    public enum Indexing: Sendable {
        /// No SQLite index.
        case none
        /// Keep `<file>.index.sqlite` up to date on every append (best effort: the log is
        /// the source of truth).
        case beside
        /// Bring `<file>.index.sqlite` up to date once, on `close()`, in one transaction:
        /// for backtests, which write many records and look nothing up while running.
        case onClose
    }

    public let path: String
    /// Set when a torn last line was set aside while opening.
    public let recovery: TornLineReport?

    private let lock = NSLock()
    private var file: PosixFile?
    private var lastSeq = 0
    private var lastHash = AuditRecord.genesisHash
    private var knownSize = 0
    private let durability: Durability
    private let indexing: Indexing
    private let redactor: SecretRedactor
    private let logger: Logger
    private var index: AuditIndex?
    private let encoder = AuditLineCodec.makeEncoder()

    /// Opens or creates the log at `path` (and its folder).
    /// - Parameter recoveryAt: the `at` of the note written if a torn line is set aside;
    ///   defaults to the `at` of the last complete record.
    public init(path: String, durability: Durability = .fsyncEachRecord, indexing: Indexing = .beside,
                redactor: SecretRedactor = .configured, recoveryAt: String? = nil,
                logger: Logger = Logger(label: "algobot.audit")) throws {
        self.path = path
        self.durability = durability
        self.indexing = indexing
        self.redactor = redactor
        self.logger = logger
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let existed = PosixFile.exists(path)
        let file = try PosixFile.open(path, flags: O_RDWR | O_CREAT | O_APPEND)
        if !existed { PosixFile.syncDirectory(of: path) }
        var tail: LogTail?
        var report: TornLineReport?
        do {
            try file.lock()
            (tail, report) = try Self.recoverTail(file, path: path, logger: logger)
        } catch {
            file.close()
            throw error
        }
        defer { file.unlock() }
        self.file = file
        self.recovery = report
        let lastRecord = tail?.record()
        if let tail, let lastRecord {
            lastSeq = lastRecord.seq
            lastHash = AuditLineCodec.hash(tail.bytes)
        }
        knownSize = try file.size()

        if indexing == .beside {
            do {
                index = try AuditIndex.open(logPath: path)
            } catch {
                logger.warning("audit index unavailable; lookups will rebuild it", metadata: ["error": "\(error)"])
            }
        }
        if let report {
            let note = NoteRecord(kind: "torn_line_set_aside", message: report.message)
            _ = try appendLocked(.note(note), at: recoveryAt ?? lastRecord?.at ?? "1970-01-01", wall: nil, file: file)
        }
    }

    deinit { try? close() }

    /// Sets a torn last line aside, but only when the line before it is a good record: a
    /// damaged line further up is not a crash mid-write, and the file is left alone.
    private static func recoverTail(_ file: PosixFile, path: String, logger: Logger) throws -> (LogTail?, TornLineReport?) {
        guard let torn = try LogTail.read(file), let reason = torn.tornReason else { return (try LogTail.read(file), nil) }
        let previous = try LogTail.read(file, end: torn.start)
        if let previous, let bad = previous.tornReason {
            let report = try TornLineReport.setAside(torn, reason: reason, in: file, logPath: path, dryRun: true)
            throw AuditError.damagedLog(path: path, line: report.line - 1, reason: "the line before the incomplete last line is bad too: \(bad)")
        }
        let report = try TornLineReport.setAside(torn, reason: reason, in: file, logPath: path)
        logger.warning("audit log: set aside a torn last line", metadata: [
            "file": "\(path)", "line": "\(report.line)", "bytes": "\(report.byteCount)", "moved_to": "\(report.setAsidePath)",
        ])
        return (previous, report)
    }

    /// Appends one record, assigning its `seq` and `prev`, and returns it as written.
    public func append(_ body: AuditBody, at: String, wall: String? = nil) throws -> AuditRecord {
        lock.lock()
        defer { lock.unlock() }
        guard let file else { throw AuditError.io(path: path, action: "append", reason: "the log is closed") }
        try file.lock()
        defer { file.unlock() }
        return try appendLocked(body, at: at, wall: wall, file: file)
    }

    /// The `seq` of the last record (0 for an empty log).
    public var lastSequence: Int {
        lock.lock()
        defer { lock.unlock() }
        return lastSeq
    }

    /// Flushes everything written so far to disk.
    public func sync() throws {
        lock.lock()
        defer { lock.unlock() }
        try file?.sync()
    }

    public func close() throws {
        lock.lock()
        defer { lock.unlock() }
        guard let file else { return }
        self.file = nil
        defer { file.close() }
        if durability == .fsyncOnClose { try file.sync() }
        if indexing == .onClose {
            do {
                _ = try AuditIndex.open(logPath: path)
            } catch {
                logger.warning("audit index not updated; `algobot audit reindex` rebuilds it", metadata: ["error": "\(error)"])
            }
        }
    }

    private func appendLocked(_ body: AuditBody, at: String, wall: String?, file: PosixFile) throws -> AuditRecord {
        let size = try file.size()
        if size != knownSize { try resync(file) }
        var record = AuditRecord(seq: lastSeq + 1, at: at, wall: wall, prev: lastHash, body: body)
        var bytes = try AuditLineCodec.encode(record, with: encoder)
        if let redacted = redactor.redact(line: bytes) {
            logger.warning("a secret value was removed from an audit record", metadata: ["seq": "\(record.seq)"])
            bytes = redacted
            record = try AuditLineCodec.decode(bytes)
        }
        let offset = knownSize
        do {
            try file.writeAll(bytes + [UInt8(ascii: "\n")])
            if durability == .fsyncEachRecord { try file.sync() }
        } catch {
            // Leave no half-written or unflushed record behind: the caller will not send.
            try? file.truncate(to: offset)
            throw error
        }
        lastSeq = record.seq
        lastHash = AuditLineCodec.hash(bytes)
        knownSize = offset + bytes.count + 1
        if let index {
            do {
                try index.add(record, line: record.seq, offset: offset, bytes: bytes)
            } catch {
                logger.warning("audit index update failed; it will be rebuilt", metadata: ["error": "\(error)"])
                self.index = nil
            }
        }
        return record
    }

    /// Another process appended since our last write: continue from its last record.
    private func resync(_ file: PosixFile) throws {
        guard let tail = try LogTail.read(file) else {
            lastSeq = 0
            lastHash = AuditRecord.genesisHash
            knownSize = 0
            return
        }
        if let bad = tail.tornReason {
            throw AuditError.damagedLog(path: path, line: lastSeq + 1, reason: "another writer left a bad last line: \(bad)")
        }
        guard let record = tail.record() else { return }
        lastSeq = record.seq
        lastHash = AuditLineCodec.hash(tail.bytes)
        knownSize = tail.fileSize
    }
}
