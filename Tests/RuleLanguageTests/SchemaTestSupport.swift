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
        guard parsed.diagnostics.isEmpty, let parsedRoot = parsed.root, let source = parsed.source,
              let schema = BundledSchemas.schema(for: parsedRoot) else {
            return (parsed.diagnostics, parsed.source)
        }
        // The tree as the linter hands it to the schema: `$50,000` inside braces is one value.
        return (schema.validate(SplitNumbers.join(parsedRoot, source: source).root), parsed.source)
    }
}
