#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes mapped read-only into memory, read front to back: the pages behind the
/// reader are handed back as it goes (`release(before:)`), so a 64 MB CSV is never resident
/// whole beside the bars parsed from it.
///
/// A file cut short while mapped does not end the process (`TruncationGuard`): the pages
/// past its new end read as zeros, and `wasCutShort` says so.
final class MappedFile {
    let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer?
    /// The mapping's slot in `TruncationGuard` (nil: unguarded).
    private let guardSlot: Int?
    private static let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)

    /// Nil when the file cannot be opened or mapped (a file of zero bytes maps as empty).
    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let count = Int(info.st_size)
        guard count > 0 else {
            mapping = nil
            guardSlot = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        _ = madvise(p, count, MADV_SEQUENTIAL)
        mapping = p
        guardSlot = TruncationGuard.register(start: p, count: count)
        bytes = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Hands back the whole pages before `offset`: the reader will not look at them again for
    /// now (if it does, they are read from the file again, not lost; a second pass over the
    /// file, like counting its lines first, is released again as it goes).
    func release(before offset: Int) {
        guard let mapping else { return }
        let end = min(offset, bytes.count) / Self.page * Self.page
        if end > 0 { _ = madvise(mapping, end, MADV_DONTNEED) }
    }

    /// Whether a read went past the file's end: another program cut the file short while it
    /// was read, and what was read from there on was zeros, not the file.
    var wasCutShort: Bool { guardSlot.map(TruncationGuard.wasCutShort) ?? false }

    deinit {
        if let guardSlot { TruncationGuard.unregister(guardSlot) }
        if let mapping { munmap(mapping, bytes.count) }
    }
}
