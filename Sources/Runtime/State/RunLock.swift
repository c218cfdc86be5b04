import Foundation

/// One running bot per state folder: two would send the same orders and fight over the audit
/// log. An advisory lock on `state/run.lock`, held while the run lasts; the kernel releases it
/// when the process ends, however it ends (a SIGKILL leaves no stale lock behind).
final class RunLock {
    private var descriptor: Int32

    init(state: StateFolder) throws {
        let path = state.file("run.lock")
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RuntimeError.stateFolder(state.path, "cannot open \(path)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            descriptor = -1
            throw RuntimeError.stateFolder(state.path, "another algobot run is using it\(holder.isEmpty ? "" : " (pid \(holder))"); "
                + "stop it first, or give this run its own --state")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
