import Foundation

/// What `AuditLog` did when it found an incomplete last line on open (a crash mid-write):
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

    /// Moves the torn tail of `file` aside and truncates the log to `tail.start`. A dry run
    /// only works out the report (for error messages) and changes nothing.
    static func setAside(_ tail: LogTail, reason: String, in file: PosixFile, logPath: String,
                         dryRun: Bool = false) throws -> TornLineReport {
        let fragment = try file.read(at: tail.start, count: tail.fileSize - tail.start)
        let line = try countLines(in: file, before: tail.start) + 1
        if dryRun { return TornLineReport(line: line, byteCount: fragment.count, setAsidePath: "", reason: reason) }
        let target = try writeAside(fragment, logPath: logPath)
        try file.truncate(to: tail.start)
        try file.sync()
        return TornLineReport(line: line, byteCount: fragment.count, setAsidePath: target, reason: reason)
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
                if PosixFile.exists(candidate) {
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

    private static func countLines(in file: PosixFile, before end: Int) throws -> Int {
        var count = 0
        var offset = 0
        while offset < end {
            let chunk = try file.read(at: offset, count: min(1 << 20, end - offset))
            if chunk.isEmpty { break }
            for byte in chunk where byte == UInt8(ascii: "\n") { count += 1 }
            offset += chunk.count
        }
        return count
    }
}
