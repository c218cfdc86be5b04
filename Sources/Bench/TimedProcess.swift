#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A whole process, timed as the kernel accounts it: started with `posix_spawn`, its output
/// sent to a file, and reaped with `wait4`, whose `rusage` is that child's alone (user and
/// system CPU, peak resident memory). `getrusage(RUSAGE_CHILDREN)` would mix every child the
/// bench has waited for, and Foundation's `Process` reaps without the usage. The peak
/// includes what the child held before its `exec`, and `posix_spawn` shares the spawning
/// process's memory until then: spawn before holding more than the child will.
package struct TimedProcess {
    package struct Usage {
        package var wallSeconds: Double
        package var userSeconds: Double
        package var systemSeconds: Double
        package var peakKiB: Int
        package var cpuSeconds: Double { userSeconds + systemSeconds }
        package var peakMiB: Double { Double(peakKiB) / 1024 }
    }

    package let arguments: [String]

    package init(arguments: [String]) {
        self.arguments = arguments
    }

    /// Runs to the end with standard output and error in `outputPath`; throws when the
    /// process cannot start or does not exit with status 0 (its output then says why).
    package func run(outputPath: String) throws -> Usage {
        guard let executable = arguments.first else { throw BenchError("no command to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let start = DispatchTime.now().uptimeNanoseconds
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("waiting for \(executable): \(String(cString: strerror(errno)))") }
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // WIFEXITED and WEXITSTATUS are macros Swift does not import.
        let exited = status & 0x7F == 0, code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            let how = exited ? "exit status \(code)" : "signal \(status & 0x7F)"
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw BenchError("\(arguments.joined(separator: " ")) failed (\(how)):\n\(output.suffix(2000))")
        }
        return Usage(wallSeconds: wall, userSeconds: Self.seconds(usage.ru_utime), systemSeconds: Self.seconds(usage.ru_stime),
                     peakKiB: Int(usage.ru_maxrss))
    }

    static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }

    /// The first executable file called `name` in `$PATH`, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
