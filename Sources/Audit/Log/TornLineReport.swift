import Foundation

/// What `AuditLog` did when it found an incomplete final line on open (a crash mid-write):
/// the line was moved, byte for byte, to `setAsidePath`, the log was cut back to the last
/// complete record, and a `note` record saying so was appended.
public struct TornLineReport: Sendable, Equatable {
    /// The line number the torn line had in the log.
    public var line: Int
    /// How many bytes were set aside (including a newline, if the line had one).
    public var byteCount: Int
    /// Where the bytes are now: `<log>.torn-<n>`.
    public var setAsidePath: String
    /// Why the line was not usable, in plain words.
    public var reason: String
    /// The operator-facing sentence, also the `message` of the note record.
    public var message: String {
        "line \(line) of the audit log was incomplete (\(reason)); its \(byteCount) bytes were moved to "
            + "\(setAsidePath) and the log continues after line \(line - 1), the last complete record"
    }

    /// Moves the torn final line of `file` aside and truncates the log to where it started.
    static func setAside(_ torn: TornLine, in file: PosixFile, logPath: String) throws -> TornLineReport {
        let fragment = try file.read(at: torn.start, count: try file.size() - torn.start)
        let target = try writeAside(fragment, logPath: logPath)
        try file.truncate(to: torn.start)
        try file.sync()
        return TornLineReport(line: torn.line, byteCount: fragment.count, setAsidePath: target, reason: torn.reason)
    }

    /// Writes the fragment to the first free `<log>.torn-<n>`; never overwrites an earlier one.
    private static func writeAside(_ bytes: [UInt8], logPath: String) throws -> String {
        var n = 1
        while true {
            let candidate = "\(logPath).torn-\(n)"
            let out: PosixFile
            do {
                out = try PosixFile.open(candidate, flags: O_WRONLY | O_CREAT | O_EXCL)
            } catch {
                if PosixFile.entryExists(candidate) {
                    n += 1
                    continue
                }
                throw error
            }
            defer { out.close() }
            try out.writeAll(bytes)
            try out.sync()
            PosixFile.syncDirectory(of: candidate)
            return candidate
        }
    }
}
