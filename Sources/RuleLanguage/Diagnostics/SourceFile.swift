import Foundation

/// The text of one input file, kept so diagnostics can quote the offending line.
public struct SourceFile: Sendable {
    /// The path as the user typed it (or as found while walking a directory): diagnostics
    /// print it verbatim so that `path:line:col` is clickable in a terminal.
    public let path: String
    public let text: String
    private let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = Self.split(text)
    }

    /// Line `number` (1-based) without its line terminator, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }

    public var lineCount: Int { lines.count }

    /// Splits where libyaml starts a new line (LF, CR LF, CR, NEL, LS, PS), so that the line
    /// numbers in its marks and the lines we quote agree, also for files saved on Windows.
    /// Works on Unicode scalars: a `Character` would fuse CR LF into one and hide the break.
    static func split(_ text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var lines: [Substring] = []
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let c = scalars[i]
            guard c == "\n" || c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" else {
                i = scalars.index(after: i)
                continue
            }
            lines.append(Substring(scalars[start..<i]))
            i = scalars.index(after: i)
            if c == "\r", i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
            start = i
        }
        lines.append(Substring(scalars[start..<scalars.endIndex]))
        return lines
    }

    /// libyaml puts the end of a file that lacks a final line break on a line after the
    /// last one; such a position means "at the end of the last line".
    func clamp(_ location: SourceLocation) -> SourceLocation {
        guard location.line > lines.count else { return location }
        return SourceLocation(line: lines.count, column: lines[lines.count - 1].unicodeScalars.count + 1)
    }
}
