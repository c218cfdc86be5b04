import Foundation

/// Turns diagnostics into what a person or a program reads. Rendering never changes the
/// findings: the same list gives the same bytes.
public struct DiagnosticRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    /// Source text by path, to quote the offending line.
    private let sources: [String: SourceFile]
    private let color: Bool

    public init(sources: [SourceFile], color: Bool = false) {
        var byPath: [String: SourceFile] = [:]
        for source in sources { byPath[source.path] = source }
        self.sources = byPath
        self.color = color
    }

    /// `path:line:col: error[E021]: message`, the source line, a caret line, then help/notes.
    public func text(_ diagnostic: Diagnostic) -> String {
        let span = diagnostic.span
        let label = diagnostic.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
        var out = "\(span.file):\(span.start.line):\(span.start.column): \(label)[\(diagnostic.code)]: \(diagnostic.message)\n"
        if let line = sources[span.file]?.line(span.start.line) {
            out += quote(line: line, span: span)
        }
        if let help = diagnostic.help {
            out += "  \(paint("help", "1;36")): \(help)\n"
        }
        for note in diagnostic.notes {
            let place = note.span.map { " (\($0.file):\($0.start.line):\($0.start.column))" } ?? ""
            out += "  note: \(note.message)\(place)\n"
        }
        return out
    }

    public func text(_ diagnostics: [Diagnostic], files: Int) -> String {
        var out = diagnostics.map { text($0) + "\n" }.joined()
        let errors = diagnostics.errorCount, warnings = diagnostics.warningCount
        out += "\(files) file\(files == 1 ? "" : "s") checked: "
            + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        return out
    }

    /// The `--format json` contract: `{"files", "errors", "warnings", "diagnostics": [...]}`.
    public func json(_ diagnostics: [Diagnostic], files: Int) -> String {
        let report = JSONReport(
            files: files,
            errors: diagnostics.errorCount,
            warnings: diagnostics.warningCount,
            diagnostics: diagnostics.map(JSONDiagnostic.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and ints cannot fail.
        let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func quote(line: String, span: SourceSpan) -> String {
        let number = String(span.start.line)
        let gutter = String(repeating: " ", count: number.count)
        // Columns count characters, so a tab must print as one column for the caret to line up.
        let shown = String(line.unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
        let width = shown.unicodeScalars.count
        let startColumn = min(max(span.start.column, 1), width + 1)
        var length = 1
        if span.end.line == span.start.line {
            length = max(1, min(span.end.column, width + 1) - startColumn)
        } else {
            length = max(1, width + 1 - startColumn)
        }
        let caret = String(repeating: " ", count: startColumn - 1) + String(repeating: "^", count: length)
        return "  \(number) | \(shown)\n  \(gutter) | \(paint(caret, "1;32"))\n"
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

private struct JSONReport: Encodable {
    var files: Int
    var errors: Int
    var warnings: Int
    var diagnostics: [JSONDiagnostic]
}

private struct JSONDiagnostic: Encodable {
    var file: String
    var line: Int
    var column: Int
    var end_line: Int
    var end_column: Int
    var code: String
    var severity: String
    var message: String
    var help: String?
    var notes: [String]
    var fix: Fix?

    struct Fix: Encodable {
        var line: Int, column: Int, end_line: Int, end_column: Int, replacement: String
    }

    init(_ d: Diagnostic) {
        file = d.span.file
        line = d.span.start.line
        column = d.span.start.column
        end_line = d.span.end.line
        end_column = d.span.end.column
        code = d.code.rawValue
        severity = d.severity.rawValue
        message = d.message
        help = d.help
        notes = d.notes.map(\.message)
        fix = d.fixIt.map {
            Fix(line: $0.span.start.line, column: $0.span.start.column,
                end_line: $0.span.end.line, end_column: $0.span.end.column, replacement: $0.replacement)
        }
    }

    // `help` is part of the contract: always present, null when there is none.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(end_line, forKey: .end_line)
        try c.encode(end_column, forKey: .end_column)
        try c.encode(code, forKey: .code)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(help, forKey: .help)
        try c.encode(notes, forKey: .notes)
        try c.encodeIfPresent(fix, forKey: .fix)
    }

    enum CodingKeys: String, CodingKey {
        case file, line, column, end_line, end_column, code, severity, message, help, notes, fix
    }
}
