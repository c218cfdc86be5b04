#if canImport(Glibc)
import Glibc

@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

extension BenchmarkCommand {
    /// Keeps freed memory in the process. glibc would give buffers over 32 MiB, and the top
    /// of the heap, back to the kernel after each run; repeats would then measure the
    /// first-touch page faults of fresh memory (on a virtual machine ~0.4 ms per MiB), not the
    /// engine. The first (cold) run is reported apart. Call once, before `run`.
    public static func keepFreedMemory() {
        #if canImport(Glibc)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD in <malloc.h>
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 1 << 30)
        #endif
    }
}
