import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage

// algobot-bench: the engine against a hand-written loop on the same data.
// Run: swift run -c release algobot-bench [--bars N] [--symbols N --symbol-bars N] [--no-audit-records]
#if canImport(Glibc)
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
let M_TRIM_THRESHOLD: Int32 = -1, M_MMAP_THRESHOLD: Int32 = -3  // <malloc.h>
// Keep freed memory in the process (glibc would give buffers over 32 MiB, and the top of
// the heap, back to the kernel after each run): repeats then measure the engine, not the
// first-touch page faults of fresh memory, which on a virtual machine cost ~0.4 ms per MiB.
// The first (cold) run is reported separately.
_ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
_ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
#endif
BenchmarkCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
