/// A position in a source file: 1-based line and 1-based column counted in characters
/// (Unicode scalars), the way editors and libyaml count them.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A half-open range `[start, end)` in one file. Every YAML node and every expression
/// node keeps one, so any diagnostic can point at the exact characters it is about.
public struct SourceSpan: Hashable, Sendable, Codable {
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A span of one or more characters on a single line.
    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.init(file: file,
                  start: SourceLocation(line: line, column: column),
                  end: SourceLocation(line: line, column: column + max(length, 0)))
    }

    /// The whole-file span used when there is nothing more precise (unreadable file, etc.).
    public static func wholeFile(_ file: String) -> SourceSpan {
        SourceSpan(file: file, line: 1, column: 1, length: 0)
    }

    /// Smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(file):\(start.line):\(start.column)" }
}
