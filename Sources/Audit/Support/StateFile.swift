#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The small files of a state folder besides the audit log (`HALT`, `status.json`,
/// `ACCEPT_BROKER_STATE`): written whole or not at all, private (0600), and never read or
/// written through a symbolic link. The runtime's one way to touch them.
public enum StateFile {
    /// The largest such file read back (they are a few hundred bytes).
    static let maxBytes = 1 << 20

    /// Writes `data` to a new private file beside `path`, then renames it over `path`: a
    /// reader sees the old file or the new one, never half of one, and a link at `path` is
    /// replaced itself, never the file it points at.
    /// - Parameter durable: `fsync` the file and its folder before returning (a halt must
    ///   survive a power cut; the status file is rewritten every poll and need not).
    public static func write(_ data: Data, to path: String, durable: Bool = true) throws {
        let temporary = path + ".tmp-\(getpid())"
        // A temporary name left by a crash (or planted) is removed, not followed.
        _ = unlink(temporary)
        let file = try PosixFile.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL)
        do {
            try file.writeAll([UInt8](data))
            if durable { try file.sync() }
            file.close()
        } catch {
            file.close()
            _ = unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = PosixFile.errnoText()
            _ = unlink(temporary)
            throw AuditError.io(path: path, action: "replace", reason: reason)
        }
        if durable { PosixFile.syncDirectory(of: path) }
    }

    /// The file's bytes; nil when nothing is at `path`. Throws for a link, a FIFO, a device or
    /// a folder there, and for a file larger than any state file.
    public static func read(_ path: String) throws -> Data? {
        guard exists(path) else { return nil }
        return try PosixFile.open(path, flags: O_RDONLY).withClose { file in
            let size = try file.size()
            guard size <= maxBytes else {
                throw AuditError.io(path: path, action: "read", reason: "it is \(size) bytes, more than a state file ever has")
            }
            return Data(try file.read(at: 0, count: size))
        }
    }

    /// Makes `path` ready for a library that opens it by name (SQLite: `bars.sqlite`): throws
    /// for a link, a FIFO, a device or a folder there, and creates a missing file empty and
    /// private, so the library's journal files, which copy its mode, are private too.
    public static func prepareForLibrary(_ path: String) throws {
        try PosixFile.prepareForLibrary(path, create: true)
    }

    /// Whether anything is at `path`, a link (even one to nowhere) included.
    public static func exists(_ path: String) -> Bool {
        PosixFile.entryExists(path)
    }

    /// Removes what is at `path` (a link itself, not its target) and makes that durable.
    public static func remove(_ path: String) throws {
        guard unlink(path) == 0 else { throw AuditError.io(path: path, action: "remove", reason: PosixFile.errnoText()) }
        PosixFile.syncDirectory(of: path)
    }
}
