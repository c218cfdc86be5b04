import Foundation

/// The text of one input file, kept so diagnostics can quote the offending line.
public struct SourceFile: Sendable {
    /// The path as the user typed it (or as found while walking a directory): diagnostics
    /// print it verbatim so that `path:line:col` is clickable in a terminal.
    public let path: String
    public let text: String
    /// UTF-8 range of each line without its line break. Found by scanning bytes: splitting
    /// into Characters cost more than parsing the whole YAML file.
    private let lineRanges: [Range<Int>]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        lineRanges = text.utf8.withContiguousStorageIfAvailable { Self.lineRanges($0) } ?? Self.lineRanges(Array(text.utf8))
    }

    /// Line `number` (1-based) without its line terminator, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineRanges.count else { return nil }
        let utf8 = text.utf8
        let range = lineRanges[number - 1]
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(start, offsetBy: range.count)
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    public var lineCount: Int { lineRanges.count }

    /// Lines end where libyaml ends them (LF, CR LF, CR, NEL, LS, PS), so that the line
    /// numbers in its marks and the lines we quote agree, also for files saved on Windows
    /// or old Macs.
    static func lineRanges<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> [Range<Int>]
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var ranges: [Range<Int>] = []
        var start = bytes.startIndex, i = bytes.startIndex
        let n = bytes.endIndex
        while i < n {
            let b = bytes[i]
            let width: Int
            if b == 0x0A {
                width = 1
            } else if b == 0x0D {
                width = i + 1 < n && bytes[i + 1] == 0x0A ? 2 : 1
            } else if b == 0xC2, i + 1 < n, bytes[i + 1] == 0x85 {
                width = 2                                              // NEL
            } else if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                width = 3                                              // LS, PS
            } else {
                i += 1
                continue
            }
            ranges.append(start..<i)
            i += width
            start = i
        }
        ranges.append(start..<n)
        return ranges
    }

    /// Line and column (counted in characters) just after the UTF-8 prefix `bytes`.
    static func location(after bytes: ArraySlice<UInt8>) -> SourceLocation {
        let ranges = lineRanges(bytes)
        let column = bytes[ranges[ranges.count - 1]].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return SourceLocation(line: ranges.count, column: column + 1)
    }

    /// libyaml puts the end of a file that lacks a final line break on a line after the
    /// last one; such a position means "at the end of the last line".
    func clamp(_ location: SourceLocation) -> SourceLocation {
        guard location.line > lineRanges.count else { return location }
        return SourceLocation(line: lineRanges.count, column: (line(lineRanges.count)?.unicodeScalars.count ?? 0) + 1)
    }
}
