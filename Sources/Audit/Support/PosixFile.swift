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
struct PosixFile {
    let fd: Int32
    let path: String

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> PosixFile {
        let fd = path.withCString { Glibc_open($0, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw AuditError.io(path: path, action: "open", reason: PosixFile.errnoText()) }
        return PosixFile(fd: fd, path: path)
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    func size() throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AuditError.io(path: path, action: "stat", reason: PosixFile.errnoText()) }
        return Int(st.st_size)
    }

    /// Reads exactly `count` bytes at `offset` (fewer only at end of file).
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { buf in
                pread(fd, buf.baseAddress! + done, count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw AuditError.io(path: path, action: "read", reason: PosixFile.errnoText())
            }
            if n == 0 { break }
            done += n
        }
        if done < count { out.removeLast(count - done) }
        return out
    }

    /// Sequential read into a buffer; 0 at end of file.
    func read(into buffer: inout [UInt8], max: Int) throws -> Int {
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc_read(fd, $0.baseAddress!, Swift.min(max, $0.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AuditError.io(path: path, action: "read", reason: PosixFile.errnoText())
            }
            return n
        }
    }

    func writeAll(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc_write(fd, $0.baseAddress! + done, bytes.count - done) }
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

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

// Module-qualified names clash with the wrapper's own methods; these aliases keep the calls readable.
@inline(__always) private func Glibc_open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}
@inline(__always) private func Glibc_read(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ n: Int) -> Int {
    read(fd, buf, n)
}
@inline(__always) private func Glibc_write(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, buf, n)
}
@inline(__always) private func Glibc_close(_ fd: Int32) -> Int32 {
    close(fd)
}
