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

/// Streams a file line by line in constant memory (apart from the longest line).
struct LineReader {
    private let file: PosixFile
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanFrom = 0
    private var fileOffset: Int
    private var lineNumber: Int
    private var eof = false
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    /// Opens `path` for reading; starts at `offset` (which must be a line start) counting
    /// lines from `firstLine`.
    init(path: String, offset: Int = 0, firstLine: Int = 1) throws {
        file = try PosixFile.open(path, flags: O_RDONLY)
        fileOffset = offset
        lineNumber = firstLine
        if offset > 0 {
            guard lseek(file.fd, off_t(offset), SEEK_SET) >= 0 else {
                file.close()
                throw AuditError.io(path: path, action: "seek", reason: PosixFile.errnoText())
            }
        }
    }

    func close() { file.close() }

    mutating func next() throws -> RawLine? {
        while true {
            if let nl = newline(from: scanFrom) {
                let line = RawLine(number: lineNumber, offset: fileOffset, bytes: Array(buffer[start..<nl]), terminated: true)
                fileOffset += nl - start + 1
                lineNumber += 1
                start = nl + 1
                scanFrom = start
                return line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = RawLine(number: lineNumber, offset: fileOffset, bytes: Array(buffer[start...]), terminated: false)
                fileOffset += buffer.count - start
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
            let n = try file.read(into: &chunk, max: chunk.count)
            if n == 0 { eof = true } else { buffer.append(contentsOf: chunk[0..<n]) }
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
