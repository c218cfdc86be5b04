/// The last line of a log file, read from the end so that opening a large log costs as much
/// as opening a small one.
struct LogTail {
    /// Byte offset where the last line starts.
    var start: Int
    /// The last line without its newline.
    var bytes: [UInt8]
    /// Whether the file ends with `\n`.
    var terminated: Bool
    /// Size of the file when read.
    var fileSize: Int

    /// The last line of the file, or of its first `end` bytes; nil when that is empty.
    static func read(_ file: PosixFile, end: Int? = nil) throws -> LogTail? {
        let size = try end ?? file.size()
        guard size > 0 else { return nil }
        var window = 1 << 16
        while true {
            let from = max(0, size - window)
            let chunk = try file.read(at: from, count: size - from)
            let terminated = chunk.last == UInt8(ascii: "\n")
            let end = terminated ? chunk.count - 1 : chunk.count
            if let nl = chunk[0..<end].lastIndex(of: UInt8(ascii: "\n")) {
                return LogTail(start: from + nl + 1, bytes: Array(chunk[(nl + 1)..<end]), terminated: terminated, fileSize: size)
            }
            if from == 0 {
                return LogTail(start: 0, bytes: Array(chunk[0..<end]), terminated: terminated, fileSize: size)
            }
            window *= 2
        }
    }

    /// The record on the last line, when the line is complete and parses.
    func record() -> AuditRecord? {
        guard terminated, !bytes.isEmpty else { return nil }
        return try? AuditLineCodec.decode(bytes)
    }

    /// Why the last line cannot be used, or nil when it is a good record.
    var tornReason: String? {
        if !terminated { return "it has no line ending, so writing it was interrupted" }
        if bytes.isEmpty { return "it is empty" }
        do {
            _ = try AuditLineCodec.decode(bytes)
            return nil
        } catch {
            return "it is not a complete audit record: \(AuditLineCodec.reason(for: error))"
        }
    }
}
