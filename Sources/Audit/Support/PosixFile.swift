#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A thin wrapper over a POSIX file descriptor. The audit log needs `O_APPEND`, `fsync`,
/// `ftruncate`, `pread` and `flock`, which FileHandle does not all offer with error reporting.
///
/// `open` is how algobot opens its state files: it never follows a symbolic link at the last
/// component (`O_NOFOLLOW`: a link planted at `state/audit.jsonl` must not make a `halt`
/// rewrite the file it points at), and it accepts only regular files, so a FIFO, a device
/// such as `/dev/zero` or a folder is refused before a byte is read. New files are private
/// (0600).
struct PosixFile {
    let fd: Int32
    let path: String

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o600) throws -> PosixFile {
        // O_NONBLOCK only keeps the open itself from waiting for a FIFO's writer; a regular
        // file, the only kind let through, ignores it.
        let fd = path.withCString { Glibc_open($0, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, mode) }
        guard fd >= 0 else {
            let code = errno
            if let kind = unusableKind(path) { throw AuditError.notRegularFile(path: path, kind: kind) }
            throw AuditError.io(path: path, action: "open", reason: errnoText(code))
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = errnoText()
            _ = Glibc_close(fd)
            throw AuditError.io(path: path, action: "stat", reason: reason)
        }
        guard st.st_mode & FileType.mask == FileType.regular else {
            _ = Glibc_close(fd)
            throw AuditError.notRegularFile(path: path, kind: FileType.words(st.st_mode))
        }
        return PosixFile(fd: fd, path: path)
    }

    /// Opens a file the user named as an output (`audit export --out`): links are followed
    /// and any kind of file is accepted (`--out /dev/stdout` works), as with any shell tool.
    static func openOutput(_ path: String) throws -> PosixFile {
        let fd = path.withCString { Glibc_open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw AuditError.io(path: path, action: "open", reason: errnoText()) }
        return PosixFile(fd: fd, path: path)
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Whether anything is at `path`, a dangling link included.
    static func entryExists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// What is at `path` when it is not something `open` accepts ("a symbolic link",
    /// "a FIFO" …); nil when it is a regular file or nothing is there.
    static func unusableKind(_ path: String) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & FileType.mask != FileType.regular else { return nil }
        return FileType.words(st.st_mode)
    }

    /// For files another library opens by name (SQLite): refuses a link or a non-regular
    /// file there, and creates a missing one empty and private, so that SQLite's own journal
    /// files, which copy the database file's mode, are private too.
    static func prepareForLibrary(_ path: String, create: Bool) throws {
        if let kind = unusableKind(path) { throw AuditError.notRegularFile(path: path, kind: kind) }
        guard create, !entryExists(path) else { return }
        let file = try open(path, flags: O_WRONLY | O_CREAT | O_EXCL)
        file.close()
    }

    /// Runs `body` with the file and closes it.
    func withClose<T>(_ body: (PosixFile) throws -> T) rethrows -> T {
        defer { close() }
        return try body(self)
    }

    func size() throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AuditError.io(path: path, action: "stat", reason: PosixFile.errnoText()) }
        return Int(st.st_size)
    }

    /// Reads exactly `count` bytes at `offset` (fewer only at end of file).
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let done = try out.withUnsafeMutableBytes { try read(into: $0, at: offset, filling: true) }
        if done < count { out.removeLast(count - done) }
        return out
    }

    /// Reads up to `buffer.count` bytes at `offset` into `buffer`; 0 at end of file. With
    /// `filling`, keeps reading until the buffer is full or the file ends.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int, filling: Bool = false) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw AuditError.io(path: path, action: "read", reason: PosixFile.errnoText())
            }
            if n == 0 { break }
            done += n
            if !filling { break }
        }
        return done
    }

    func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc_write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw AuditError.io(path: path, action: "write", reason: PosixFile.errnoText())
            }
            done += n
        }
    }

    func sync() throws {
        guard fsync(fd) == 0 else { throw AuditError.io(path: path, action: "flush to disk (fsync)", reason: PosixFile.errnoText()) }
    }

    func truncate(to length: Int) throws {
        guard ftruncate(fd, off_t(length)) == 0 else {
            throw AuditError.io(path: path, action: "truncate", reason: PosixFile.errnoText())
        }
    }

    /// Exclusive advisory lock, so two processes (the engine and `approvals approve`) never
    /// interleave appends to the same log.
    func lock() throws {
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw AuditError.io(path: path, action: "lock", reason: PosixFile.errnoText())
        }
    }

    func unlock() {
        _ = flock(fd, LOCK_UN)
    }

    func close() {
        _ = Glibc_close(fd)
    }

    /// Makes a newly created or renamed directory entry durable.
    static func syncDirectory(of path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let fd = (dir.isEmpty ? "." : dir).withCString { Glibc_open($0, O_RDONLY | O_CLOEXEC, 0) }
        if fd >= 0 {
            _ = fsync(fd)
            _ = Glibc_close(fd)
        }
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// The `st_mode` file types (the same values on Linux and macOS).
    private enum FileType {
        static let mask: mode_t = 0o170000
        static let regular: mode_t = 0o100000

        static func words(_ mode: mode_t) -> String {
            switch mode & mask {
            case 0o120000: return "a symbolic link"
            case 0o040000: return "a folder"
            case 0o010000: return "a FIFO (named pipe)"
            case 0o020000: return "a character device"
            case 0o060000: return "a block device"
            case 0o140000: return "a socket"
            default: return "not a regular file"
            }
        }
    }
}

// Module-qualified names clash with the wrapper's own methods; these aliases keep the calls readable.
@inline(__always) private func Glibc_open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}
@inline(__always) private func Glibc_write(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, buf, n)
}
@inline(__always) private func Glibc_close(_ fd: Int32) -> Int32 {
    close(fd)
}
