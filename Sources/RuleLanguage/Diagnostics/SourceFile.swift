import Foundation

/// The text of one input file, kept so diagnostics can quote the offending line.
public struct SourceFile: Sendable {
    /// The path as the user typed it (or as found while walking a directory): diagnostics
    /// print it verbatim so that `path:line:col` is clickable in a terminal.
    public let path: String
    public let text: String
    /// UTF-8 offset where each line starts. Found by scanning bytes: splitting into
    /// Characters cost more than parsing the whole YAML file.
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var starts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == UInt8(ascii: "\n") { starts.append(offset) }
        }
        lineStarts = starts
    }

    /// Line `number` (1-based) without its line terminator, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        var end = number < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number] - 1) : utf8.endIndex
        if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    public var lineCount: Int { lineStarts.count }
}
