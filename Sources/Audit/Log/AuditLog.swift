import Foundation
import Logging
import Vocabulary

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
        /// As `fsyncOnClose`, and the lines are written in chunks of about 1 MiB (on `sync()`
        /// and `close()` too), with the file locked from opening to closing so that no other
        /// writer's record can come between: for backtests, which write a record for every
        /// decision, submission and fill. Until a chunk is written, `head` is ahead of the
        /// file; a crash loses the unwritten chunk (an unfinished run's tail), and a failed
        /// write is thrown by the append, `sync()` or `close()` that started it, with the file
        /// cut back to its last complete chunk. Records the engine hands over with `add` are
        /// encoded, chained and written by a writer thread of the log's own, in order.
        case batched
    }

    public enum Indexing: Sendable {
        /// No SQLite index.
        case none
        /// Keep `<file>.index.sqlite` up to date on every append (best effort: the log is
        /// the source of truth).
        case beside
        /// Bring `<file>.index.sqlite` up to date once, on `close()`, in one transaction:
        /// for backtests, which write many records and look nothing up while running. The
        /// records this log wrote are indexed from the records in hand (no line is read back);
        /// anything else, such as another writer's records, is caught up from the file.
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
    /// Every record is encoded into this one buffer; it holds the lines not yet written
    /// (only ever more than the one being appended with `.batched`).
    private var pending = JSONFieldWriter(capacity: 64 * 1024)
    /// The last record in the file itself: `position` less the pending lines.
    private var written = ChainPosition.start
    /// With `.onClose`, the index rows of the records this log wrote, added on `close()`.
    private var unindexed: [WrittenRow] = []
    private static let chunkBytes = 1 << 20
    /// With `.batched`, the writer thread behind `add`.
    private var queue: RecordQueue?

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
        // A batched log keeps the lock until it is closed.
        defer { if durability != .batched { file.unlock() } }
        self.file = file
        self.recovery = report
        position = check.last
        written = check.last
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
        if durability == .batched {
            // The queue outlives no `close()`, which `deinit` calls: it never reaches a freed log.
            queue = RecordQueue(label: "audit-writer", closed: AuditError.io(path: path, action: "append", reason: "the log is closed")) {
                [unowned(unsafe) self] items in try self.appendQueued(items)
            }
        }
    }

    deinit { try? close() }

    /// The `at` of the last record, for notes written while opening.
    private func lastRecordTime(_ file: PosixFile) throws -> String? {
        guard position.seq > 0 else { return nil }
        let bytes = try file.read(at: position.start, count: position.end - position.start - 1)
        return try AuditLineCodec.decode(bytes).at
    }

    /// Appends one record, assigning its `seq` and `prev`, and returns it as written (after
    /// the records handed over with `add` before it).
    public func append(_ body: AuditBody, at: String, wall: String? = nil) throws -> AuditRecord {
        try queue?.drain()
        lock.lock()
        defer { lock.unlock() }
        guard let file else { throw AuditError.io(path: path, action: "append", reason: "the log is closed") }
        guard durability != .batched else { return try appendLocked(body, at: at, wall: wall, file: file) }
        try file.lock()
        defer { file.unlock() }
        return try appendLocked(body, at: at, wall: wall, file: file)
    }

    /// Appends a record without waiting for it: a `.batched` log's writer thread encodes,
    /// chains and writes it after the records added before it (the same bytes as `append`).
    /// A failure to write one shows at the next `add`, `append`, `waitForAdded`, `sync` or
    /// `close`, and the records added after it are not written. Other logs append at once.
    public func add(_ body: AuditBody, at: String) throws {
        guard let queue else {
            _ = try append(body, at: at)
            return
        }
        try queue.add(RecordQueue.Item(body: body, at: at, wall: nil))
    }

    /// Waits until every record added so far is appended; throws the first failure among them.
    public func waitForAdded() throws {
        try queue?.drain()
    }

    /// On the writer thread: the records `add` handed over, in order.
    private func appendQueued(_ items: [RecordQueue.Item]) throws {
        lock.lock()
        defer { lock.unlock() }
        guard let file else { throw AuditError.io(path: path, action: "append", reason: "the log is closed") }
        for item in items { _ = try appendLocked(item.body, at: item.at, wall: item.wall, file: file) }
    }

    /// The `seq` of the last record (0 for an empty log).
    public var lastSequence: Int {
        try? queue?.drain()
        lock.lock()
        defer { lock.unlock() }
        return position.seq
    }

    /// The last record this process wrote or saw: what `status.json` and `audit export`
    /// publish as the log's external anchor.
    public var head: AuditHead {
        try? queue?.drain()
        lock.lock()
        defer { lock.unlock() }
        return position.head
    }

    /// Writes what is pending and flushes everything written so far to disk.
    public func sync() throws {
        try queue?.drain()
        lock.lock()
        defer { lock.unlock() }
        guard let file else { return }
        try write(file)
        try file.sync()
    }

    public func close() throws {
        // What was added before a failure is written below; the failure is thrown after.
        let unheard = queue?.stop()
        lock.lock()
        defer { lock.unlock() }
        guard let file else { return }
        self.file = nil
        defer { file.close() }
        try write(file)
        // A new log's index is built while the log goes to disk, and moved into place after.
        let build = indexing == .onClose && unindexed.first?.seq == 1
            && !PosixFile.entryExists(AuditIndex.defaultPath(forLog: path)) ? IndexBuild(logPath: path, rows: unindexed) : nil
        do {
            if durability != .fsyncEachRecord { try file.sync() }
        } catch {
            build?.abandon()
            throw error
        }
        if indexing == .onClose {
            do {
                if let build {
                    try build.finish()
                } else {
                    try AuditIndex.openForWriter(logPath: path).add(written: unindexed)
                }
            } catch {
                logger.warning("audit index not updated; `algobot audit reindex` rebuilds it", metadata: ["error": "\(error)"])
            }
            unindexed = []
        }
        if let unheard { throw unheard }
    }

    private func appendLocked(_ body: AuditBody, at: String, wall: String?, file: PosixFile) throws -> AuditRecord {
        // A batched log holds the lock, so the file can only have changed if something
        // ignored it; that shows when the chunk is written.
        if durability != .batched, try file.size() != position.end { try resync(file) }
        var record = AuditRecord(seq: position.seq + 1, at: at, wall: wall, prev: position.hash, body: body)
        let start = pending.bytes.count
        try AuditLineCodec.encode(record, into: &pending)
        do {
            if !redactor.isEmpty, let redacted = redactor.redact(line: Array(pending.bytes[start...])) {
                logger.warning("a secret value was removed from an audit record", metadata: ["seq": "\(record.seq)"])
                record = try AuditLineCodec.decode(redacted)
                pending.bytes.replaceSubrange(start..., with: redacted)
            }
            let length = pending.bytes.count - start
            guard length <= LineReader.maxLineBytes else {
                throw AuditError.recordTooLong(bytes: length, limit: LineReader.maxLineBytes)
            }
        } catch {
            // The lines pending before this one stay; this one was never appended.
            pending.bytes.removeSubrange(start...)
            throw error
        }
        let length = pending.bytes.count - start
        // Hashed in place, where it was encoded: the line is never copied.
        let hash = pending.bytes.withUnsafeBytes { AuditLineCodec.hash(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        pending.bytes.append(UInt8(ascii: "\n"))
        let offset = position.end
        let next = ChainPosition(seq: record.seq, hash: hash, line: position.line + 1, start: offset, end: offset + length + 1)
        position = next
        // The index never gets ahead of the file: a record is written before it is indexed.
        if durability != .batched || pending.bytes.count >= Self.chunkBytes || index != nil { try write(file) }
        if indexing == .onClose {
            unindexed.append(WrittenRow(seq: record.seq, prev: record.prev, line: next.line, offset: offset, length: length,
                                        hash: hash, keys: IndexKeys(record)))
        }
        if let index {
            do {
                try index.add(record, line: next.line, offset: offset, length: length, hash: hash)
            } catch {
                logger.warning("audit index update failed; it is brought up to date when the log is next opened",
                               metadata: ["error": "\(error)"])
                self.index = nil
            }
        }
        return record
    }

    /// Writes the pending lines at the end of the file (with `fsync` for `.fsyncEachRecord`).
    /// On failure the file is cut back to where they would have started, the log's end is
    /// its last written record again, and they are dropped: the caller hears of it.
    private func write(_ file: PosixFile) throws {
        guard !pending.bytes.isEmpty else { return }
        defer { pending.bytes.removeAll(keepingCapacity: true) }
        let start = written.end
        if durability == .batched, try file.size() != start {
            // Another writer ignored the lock: refuse, and leave its bytes as evidence.
            position = written
            unindexed.removeAll { $0.seq > written.seq }
            throw AuditError.damagedLog(path: path, line: written.line + 1,
                                        reason: "the log changed while this process held it locked; its unwritten records were not written")
        }
        do {
            try pending.bytes.withUnsafeBytes { try file.writeAll($0) }
            if durability == .fsyncEachRecord { try file.sync() }
        } catch {
            // Leave no half-written or unflushed record behind: the caller will not send.
            try? file.truncate(to: start)
            position = written
            unindexed.removeAll { $0.seq > written.seq }
            throw error
        }
        written = position
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
        written = last
    }
}
