import Foundation

/// One line of a file as raw bytes, with where it starts and whether it ended with `\n`.
struct RawLine {
    /// 1-based.
    var number: Int
    /// Byte offset of the line's first byte.
    var offset: Int
    /// The line without its newline.
    var bytes: [UInt8]
    var terminated: Bool
}

/// Streams a file line by line in constant memory. Every reader of the audit log (verify,
/// export, the index, the ledger, the check before appending) reads through it, so the cap
/// on a line's length holds everywhere: a file with no newline (`/dev/zero` renamed, a
/// binary) is refused at its first megabyte instead of being buffered whole.
struct LineReader {
    /// The longest line accepted, 1 MiB. A real record is a few kilobytes (a decision with
    /// every check and an advisor note stays far below); `AuditLog` refuses to write a longer one.
    static let maxLineBytes = 1 << 20

    private let file: PosixFile
    private let ownsFile: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanFrom = 0
    /// Where the next read from the file starts.
    private var readOffset: Int
    /// Offset in the file of `buffer[start]`.
    private var lineOffset: Int
    private var lineNumber: Int
    private var eof = false
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    /// Opens `path` for reading; starts at `offset` (which must be a line start) counting
    /// lines from `firstLine`.
    init(path: String, offset: Int = 0, firstLine: Int = 1) throws {
        self.init(file: try PosixFile.open(path, flags: O_RDONLY), owning: true, offset: offset, firstLine: firstLine)
    }

    /// Reads an already open file (positioned reads: the descriptor's offset is not used).
    init(file: PosixFile, offset: Int = 0, firstLine: Int = 1) {
        self.init(file: file, owning: false, offset: offset, firstLine: firstLine)
    }

    private init(file: PosixFile, owning: Bool, offset: Int, firstLine: Int) {
        self.file = file
        ownsFile = owning
        readOffset = offset
        lineOffset = offset
        lineNumber = firstLine
    }

    func close() {
        if ownsFile { file.close() }
    }

    mutating func next() throws -> RawLine? {
        while true {
            if let nl = newline(from: scanFrom) {
                try checkLength(nl - start)
                let line = RawLine(number: lineNumber, offset: lineOffset, bytes: Array(buffer[start..<nl]), terminated: true)
                lineOffset += nl - start + 1
                lineNumber += 1
                start = nl + 1
                scanFrom = start
                return line
            }
            try checkLength(buffer.count - start)
            if eof {
                guard start < buffer.count else { return nil }
                let line = RawLine(number: lineNumber, offset: lineOffset, bytes: Array(buffer[start...]), terminated: false)
                lineOffset += buffer.count - start
                lineNumber += 1
                start = buffer.count
                scanFrom = start
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            scanFrom = buffer.count
            let file = self.file, offset = readOffset
            let n = try chunk.withUnsafeMutableBytes { try file.read(into: $0, at: offset) }
            readOffset += n
            if n == 0 { eof = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }

    private func checkLength(_ length: Int) throws {
        if length > Self.maxLineBytes {
            throw AuditError.lineTooLong(path: file.path, line: lineNumber, limit: Self.maxLineBytes)
        }
    }

    /// memchr rather than a generic search: this loop sees every byte of the log.
    private func newline(from index: Int) -> Int? {
        guard index < buffer.count else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress,
                  let hit = memchr(base + index, Int32(UInt8(ascii: "\n")), raw.count - index)
            else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }
}
