#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Keeps a data file cut short while it is mapped (`MappedFile`) from ending the process.
///
/// A read from a mapped page past a file's end raises SIGBUS, whose default action kills the
/// process: a CSV rewritten in place (`> SPY.csv` in a script, an editor saving over it)
/// while algobot reads it would crash a backtest or a running bot. The handler installed
/// with the first mapping looks the faulting address up among the live mappings. Inside one,
/// it maps a page of zeros over the page that is gone and marks that mapping cut short, and
/// the read goes on (the parser meets NUL bytes: a bad row at worst); the loader then reports
/// the file as changed while read (`BarLoader`). An address outside every mapping is not
/// ours: the handler puts back the handler it replaced (Swift's crash report, or the
/// default action) and returns, so the fault happens again and ends the process as before.
///
/// The handler only reads the table and calls `mmap`; the table is written under a lock by
/// `register` and `unregister`, each slot's end before its start, so a handler on another
/// thread never sees a start without its end.
enum TruncationGuard {
    /// Live mappings the guard can hold at once; past that a mapping is simply not guarded.
    static let capacity = 64
    /// Per slot: first address, end address (0 and 0: a free slot), and 1 once a read past
    /// the file's end was caught.
    private static let table: UnsafeMutablePointer<Int> = {
        let table = UnsafeMutablePointer<Int>.allocate(capacity: 3 * capacity)
        table.initialize(repeating: 0, count: 3 * capacity)
        return table
    }()
    private static let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false
    nonisolated(unsafe) private static var replaced = sigaction()

    /// Guards the `count` bytes mapped at `start`; the slot to pass to `wasCutShort` and
    /// `unregister`, or nil when there is no room (the mapping is then unguarded).
    static func register(start: UnsafeRawPointer, count: Int) -> Int? {
        #if canImport(Glibc)
        lock.lock()
        defer { lock.unlock() }
        if !installed { install() }
        for k in 0..<capacity where table[3 * k] == 0 {
            table[3 * k + 2] = 0
            table[3 * k + 1] = Int(bitPattern: start) + count
            table[3 * k] = Int(bitPattern: start)
            return k
        }
        #endif
        return nil
    }

    /// The mapping in `slot` is about to be unmapped.
    static func unregister(_ slot: Int) {
        lock.lock()
        defer { lock.unlock() }
        table[3 * slot] = 0
        table[3 * slot + 1] = 0
    }

    /// Whether a read of the mapping in `slot` went past its file's end.
    static func wasCutShort(_ slot: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return table[3 * slot + 2] != 0
    }

    #if canImport(Glibc)
    private static func install() {
        // Both made now: the handler must not be the first to touch a lazily made global.
        _ = table
        _ = page
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handler
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        installed = sigaction(SIGBUS, &action, &replaced) == 0
    }

    private static let handler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { _, info, _ in
        if let info {
            let address = Int(bitPattern: info.pointee._sifields._sigfault.si_addr)
            let table = TruncationGuard.table, page = TruncationGuard.page
            for k in 0..<TruncationGuard.capacity {
                let start = table[3 * k]
                guard start != 0, address >= start, address < table[3 * k + 1] else { continue }
                let zeros = UnsafeMutableRawPointer(bitPattern: address & ~(page - 1))
                if mmap(zeros, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED {
                    table[3 * k + 2] = 1
                    return
                }
            }
        }
        // Not a mapping of ours (or no page to put there): the handler we replaced takes it.
        var previous = TruncationGuard.replaced
        sigaction(SIGBUS, &previous, nil)
    }
    #endif
}
