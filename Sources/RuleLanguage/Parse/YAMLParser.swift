import CYAML

/// libyaml events → a positioned `YAMLNode` tree, with the YAML-level checks a
/// non-programmer needs: tabs, duplicate keys, anchors/aliases (refused, so alias bombs
/// cannot exist), non-UTF-8 bytes, empty files, runaway nesting.
package enum YAMLParser {
    package static let maxDepth = 64
    package static let maxBytes = 1 << 20

    package struct Result: Sendable {
        package var root: YAMLNode?
        package var source: SourceFile?
        package var diagnostics: [Diagnostic]
        /// Where a refused alias (E004) stands; later stages see an empty value there and
        /// should not report it a second time.
        package var aliasSpans: [SourceSpan] = []
    }

    package static func parse(bytes input: [UInt8], path: String) -> Result {
        if input.count > maxBytes {
            return Result(root: nil, source: nil, diagnostics: [Diagnostic(
                .unreadableFile, "file is \(input.count) bytes; the limit is \(maxBytes) bytes",
                at: .wholeFile(path), help: "strategy and policy files are small; is this the right file?")])
        }
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = UTF8Check.firstInvalidByte(bytes) {
            let location = UTF8Check.location(ofByte: bad, in: bytes)
            return Result(root: nil, source: nil, diagnostics: [Diagnostic(
                .notUTF8, String(format: "byte 0x%02X is not valid UTF-8 text", bytes[bad]),
                at: SourceSpan(file: path, line: location.line, column: location.column),
                help: "save the file as UTF-8 (most editors offer this under 'Save with encoding')")])
        }
        let source = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
        var diagnostics = tabDiagnostics(source)
        if isBlank(source) {
            let blank = source.text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
            diagnostics.append(Diagnostic(.emptyFile, blank ? "the file is empty" : "the file has no content, only comments or '---'",
                at: .wholeFile(path),
                help: "start from strategies/sma.yaml or rules/limits.yaml and edit it"))
            return Result(root: nil, source: source, diagnostics: diagnostics)
        }
        var builder = TreeBuilder(source: source)
        let ok = bytes.withUnsafeBufferPointer { builder.run($0) }
        let tabLines = Set(diagnostics.map(\.span.start.line))
        for diagnostic in builder.diagnostics where !(diagnostic.code == .yamlSyntax && tabLines.contains(diagnostic.span.start.line)) {
            diagnostics.append(diagnostic)
        }
        var root = ok ? builder.root : nil
        if ok, root == nil || { if case .null = root!.value { return true } else { return false } }() {
            diagnostics.append(Diagnostic(.emptyFile, "the file has no content, only comments or '---'",
                at: .wholeFile(path), help: "start from strategies/sma.yaml or rules/limits.yaml and edit it"))
            root = nil
        }
        return Result(root: root, source: source, diagnostics: diagnostics, aliasSpans: builder.aliasSpans)
    }

    package static func parse(text: String, path: String) -> Result {
        parse(bytes: Array(text.utf8), path: path)
    }

    /// YAML indents with spaces only; a tab in the indentation is the most common
    /// invisible mistake, so it gets its own located error per line.
    private static func tabDiagnostics(_ source: SourceFile) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for number in 1...max(source.lineCount, 1) {
            guard let line = source.line(number) else { continue }
            var column = 1
            for scalar in line.unicodeScalars {
                if scalar == "\t" {
                    found.append(Diagnostic(.tabIndentation, "tab character in indentation",
                        at: SourceSpan(file: source.path, line: number, column: column),
                        help: "indent with spaces only; replace the tab with spaces"))
                    break
                }
                if scalar != " " { break }
                column += 1
            }
        }
        return found
    }

    private static func isBlank(_ source: SourceFile) -> Bool {
        for number in 1...max(source.lineCount, 1) {
            let trimmed = (source.line(number) ?? "").drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") && trimmed != "---" && trimmed != "..." { return false }
        }
        return true
    }
}
