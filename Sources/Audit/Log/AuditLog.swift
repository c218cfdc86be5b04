import Foundation
import Logging

/// The append-only, hash-chained audit log (JSONL, one record per line).
///
/// `append` returns only after the line is written and, by default, flushed to disk with
/// `fsync`: the engine hands an order to the broker only after that. Appends are serialised
/// by a lock inside the process and an advisory file lock (`flock`) across processes, and the
/// chain is followed from the file if another process appended in between, so the engine and
/// `algobot approvals approve` can share one log.
///
/// Opening checks the log before anything is appended (`AppendCheck`): its end must be what
/// the index recorded and every line after that must continue the chain. A log that fails
/// is left exactly as it is and `init` throws (`damagedLog`, `unreadableIndex`): evidence is
/// never repaired. The one exception is an incomplete final line after the last good record
/// (a crash mid-write): it is moved byte for byte to `<file>.torn-<n>`, the file is cut back
/// to the last complete record and a `note` record says what was set aside and where (see
/// `recovery`). When there was no index, the whole chain is checked instead and, with
/// `.beside`, the index is built and a `note` says so.
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
    /// The last record in the file, as this process knows it.
    private var position = ChainPosition.start
    private let durability: Durability
    private let indexing: Indexing
    private let redactor: SecretRedactor
    private let logger: Logger
    private var index: AuditIndex?
    private let encoder = AuditLineCodec.makeEncoder()

    /// Opens or creates the log at `path` (and its folder), after checking it (see the type).
    /// - Parameter recoveryAt: the `at` of a note written while opening; defaults to the `at`
    ///   of the last complete record.
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
        let existed = PosixFile.entryExists(path)
        let file = try PosixFile.open(path, flags: O_RDWR | O_CREAT | O_APPEND)
        if !existed { PosixFile.syncDirectory(of: path) }
        let check: AppendCheck
        var report: TornLineReport?
        do {
            try file.lock()
            check = try AppendCheck.run(file, logPath: path)
            if let torn = check.torn { report = try TornLineReport.setAside(torn, in: file, logPath: path) }
        } catch {
            file.close()
            throw error
        }
        defer { file.unlock() }
        self.file = file
        self.recovery = report
        position = check.last
        if let report {
            logger.warning("audit log: set aside a torn last line", metadata: [
                "file": "\(path)", "line": "\(report.line)", "bytes": "\(report.byteCount)", "moved_to": "\(report.setAsidePath)",
            ])
        }

        if indexing == .beside {
            do {
                index = try AuditIndex.open(logPath: path)
            } catch {
                logger.warning("audit index unavailable; it is brought up to date when the log is next opened",
                               metadata: ["error": "\(error)"])
            }
        }
        let at = recoveryAt ?? (try? lastRecordTime(file)) ?? "1970-01-01"
        if let report {
            _ = try appendLocked(.note(NoteRecord(kind: "torn_line_set_aside", message: report.message)), at: at, wall: nil, file: file)
        }
        if check.checkedWithoutIndex, indexing == .beside, index != nil, check.last.seq > 0 {
            let message = "the audit index was missing or empty, so the hash chain of all \(check.last.seq) records was checked "
                + "and the index built from the log; records removed from its end before now cannot be detected by the index. "
                + "Compare the log with a head kept elsewhere: `algobot audit verify --expect-head SEQ:HASH`"
            logger.warning("audit log: \(message)")
            _ = try appendLocked(.note(NoteRecord(kind: "index_rebuilt", message: message)), at: at, wall: nil, file: file)
        }
    }

    deinit { try? close() }

    /// The `at` of the last record, for notes written while opening.
    private func lastRecordTime(_ file: PosixFile) throws -> String? {
        guard position.seq > 0 else { return nil }
        let bytes = try file.read(at: position.start, count: position.end - position.start - 1)
        return try AuditLineCodec.decode(bytes).at
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
        return position.seq
    }

    /// The last record this process wrote or saw: what `status.json` and `audit export`
    /// publish as the log's external anchor.
    public var head: AuditHead {
        lock.lock()
        defer { lock.unlock() }
        return position.head
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
        if try file.size() != position.end { try resync(file) }
        var record = AuditRecord(seq: position.seq + 1, at: at, wall: wall, prev: position.hash, body: body)
        var bytes = try AuditLineCodec.encode(record, with: encoder)
        if let redacted = redactor.redact(line: bytes) {
            logger.warning("a secret value was removed from an audit record", metadata: ["seq": "\(record.seq)"])
            bytes = redacted
            record = try AuditLineCodec.decode(bytes)
        }
        guard bytes.count <= LineReader.maxLineBytes else {
            throw AuditError.recordTooLong(bytes: bytes.count, limit: LineReader.maxLineBytes)
        }
        let offset = position.end
        do {
            try file.writeAll(bytes + [UInt8(ascii: "\n")])
            if durability == .fsyncEachRecord { try file.sync() }
        } catch {
            // Leave no half-written or unflushed record behind: the caller will not send.
            try? file.truncate(to: offset)
            throw error
        }
        let hash = AuditLineCodec.hash(bytes)
        position = ChainPosition(seq: record.seq, hash: hash, line: position.line + 1, start: offset, end: offset + bytes.count + 1)
        if let index {
            do {
                try index.add(record, line: position.line, offset: offset, length: bytes.count, hash: hash)
            } catch {
                logger.warning("audit index update failed; it is brought up to date when the log is next opened",
                               metadata: ["error": "\(error)"])
                self.index = nil
            }
        }
        return record
    }

    /// The file changed since this process last wrote to it. Another writer's appends are
    /// fine (they are followed, record by record); anything else is refused, the same way
    /// opening refuses it: the log must not have lost or changed the record this process
    /// last knew.
    private func resync(_ file: PosixFile) throws {
        guard try position.isIntact(in: file) else {
            throw AppendCheck.firstProblem(in: path, else: .damagedLog(
                path: path, line: position.line,
                reason: "line \(position.line) (seq \(position.seq)) changed or disappeared while this process had the log open"))
        }
        let (last, torn) = try AppendCheck.follow(file, path: path, from: position)
        if let torn {
            throw AuditError.damagedLog(path: path, line: torn.line, reason: "another writer left an incomplete line (\(torn.reason))")
        }
        position = last
    }
}
