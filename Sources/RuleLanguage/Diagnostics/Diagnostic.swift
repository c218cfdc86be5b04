/// One finding about one file. Diagnostics are data: the stages that find problems build
/// them, and `DiagnosticRenderer` decides how they look (human text or JSON).
public struct Diagnostic: Hashable, Sendable, Codable {
    /// A secondary remark, optionally pointing somewhere else ("first defined here").
    public struct Note: Hashable, Sendable, Codable {
        public var message: String
        public var span: SourceSpan?

        public init(_ message: String, span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    /// A machine-applicable edit: replace the text under `span` with `replacement`.
    public struct FixIt: Hashable, Sendable, Codable {
        public var span: SourceSpan
        public var replacement: String

        public init(span: SourceSpan, replacement: String) {
            self.span = span
            self.replacement = replacement
        }
    }

    public var code: DiagnosticCode
    public var severity: Severity
    public var span: SourceSpan
    public var message: String
    /// One line telling the user what to do about it, shown as `help:`.
    public var help: String?
    public var notes: [Note]
    public var fixIt: FixIt?

    public init(_ code: DiagnosticCode,
                _ message: String,
                at span: SourceSpan,
                severity: Severity? = nil,
                help: String? = nil,
                notes: [Note] = [],
                fixIt: FixIt? = nil) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.span = span
        self.message = message
        self.help = help
        self.notes = notes
        self.fixIt = fixIt
    }

    /// Sort key: file, line, column, then code so output order never depends on discovery order.
    public static func ordered(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.span.file != rhs.span.file { return lhs.span.file < rhs.span.file }
        if lhs.span.start != rhs.span.start { return lhs.span.start < rhs.span.start }
        if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
        return lhs.message < rhs.message
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errorCount: Int { filter { $0.severity == .error }.count }
    public var warningCount: Int { filter { $0.severity == .warning }.count }
}
