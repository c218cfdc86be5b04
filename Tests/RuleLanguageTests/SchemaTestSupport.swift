import Foundation
@testable import RuleLanguage

/// Shared helpers for the schema tests: the repository root and "validate this YAML text".
enum SchemaTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// Parses YAML text and validates it against the bundled schema its top-level key picks.
    static func validate(_ text: String, path: String = "test.yaml") -> (diagnostics: [Diagnostic], source: SourceFile?) {
        let parsed = YAMLParser.parse(text: text, path: path)
        guard parsed.diagnostics.isEmpty, let root = parsed.root, let schema = BundledSchemas.schema(for: root) else {
            return (parsed.diagnostics, parsed.source)
        }
        return (schema.validate(root), parsed.source)
    }

    /// Exactly what `algobot lint` prints for one file's diagnostics.
    static func rendered(_ text: String, path: String = "test.yaml") -> String {
        let (diagnostics, source) = validate(text, path: path)
        return DiagnosticRenderer(sources: source.map { [$0] } ?? []).text(diagnostics, files: 1)
    }
}
