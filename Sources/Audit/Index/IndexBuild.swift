import Foundation

/// A new log's index, built on a thread of its own while the log's writer flushes the log to
/// disk at close (the two overlap: one waits for the disk, the other works), and moved into
/// place only once the log is on disk, so that the index never vouches for records a crash
/// could still lose. Readers find the whole index or none: a crash leaves at most
/// `<index>.building`, which the next build replaces, and a log without an index, which
/// `AuditIndex.open` indexes from the log as it does any log without one.
final class IndexBuild: @unchecked Sendable {
    private let logPath: String
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<String, Error> = .failure(CancellationError())

    /// Starts building the index of `logPath`, whose records are all in `rows`.
    init(logPath: String, rows: [WrittenRow]) {
        self.logPath = logPath
        let thread = Thread {
            self.result = Result { try AuditIndex.build(logPath: logPath, rows: rows) }
            self.done.signal()
        }
        thread.name = "audit-index"
        thread.start()
    }

    /// Waits for the build and moves the index into place; throws what went wrong.
    func finish() throws {
        done.wait()
        let building = try result.get()
        let indexPath = AuditIndex.defaultPath(forLog: logPath)
        guard rename(building, indexPath) == 0 else {
            let reason = PosixFile.errnoText()
            unlink(building)
            throw AuditError.io(path: indexPath, action: "move the new index into place", reason: reason)
        }
        PosixFile.syncDirectory(of: indexPath)
    }

    /// Waits for the build and removes what it made: the log did not reach the disk.
    func abandon() {
        done.wait()
        if case .success(let building) = result { unlink(building) }
    }
}
