#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A column of zeros that costs no memory: fresh anonymous pages, mapped read-only, which
/// the kernel backs with its one zero page when read. It stands in for the volume of bars
/// loaded without it (no rule, indicator or report of the run reads volume), so the
/// bar-by-bar loop, which passes every field to the strategy, still has a value to pass; a
/// write would fault at once instead of changing a number.
enum ZeroColumn {
    static func allocate(count: Int) -> UnsafeMutablePointer<Double> {
        let bytes = max(count, 1) * MemoryLayout<Double>.stride
        let raw = mmap(nil, bytes, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        // Like any allocation that finds no address space left (Swift's own trap then too).
        guard let raw, raw != MAP_FAILED else { fatalError("cannot map \(bytes) bytes for a column of zeros") }
        return raw.bindMemory(to: Double.self, capacity: max(count, 1))
    }

    static func deallocate(_ p: UnsafeMutablePointer<Double>, count: Int) {
        munmap(p, max(count, 1) * MemoryLayout<Double>.stride)
    }
}
