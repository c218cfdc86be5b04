/// The schemas shipped inside the binary (see `scripts/embed-schemas.sh`), compiled on
/// first use. Tests check that they compile and match `schemas/` byte for byte.
package enum BundledSchemas {
    package static let strategy = compile(EmbeddedSchemas.strategy, "schemas/strategy.schema.json")
    package static let policy = compile(EmbeddedSchemas.policy, "schemas/policy.schema.json")
    package static let config = compile(EmbeddedSchemas.config, "schemas/config.schema.json")

    /// The exact text of every schema file by its path (`schemas/config.schema.json` …), in
    /// file-name order: what `algobot init` gives a new project's editor.
    package static var files: [(path: String, text: String)] { EmbeddedSchemas.all }

    /// The schema for a document, chosen by its kind key (`strategy:` or `policy:` at the
    /// top level); nil when the document has neither.
    package static func schema(for document: YAMLNode) -> JSONSchema? {
        if document["strategy"] != nil { return strategy }
        if document["policy"] != nil { return policy }
        return nil
    }

    private static func compile(_ text: String, _ name: String) -> JSONSchema {
        do {
            return try JSONSchema(jsonText: text, name: name)
        } catch {
            // The embedded text is fixed at build time and covered by tests; a broken schema
            // is a build defect, not something a user can cause or fix.
            fatalError("bundled schema \(name) does not compile: \(error)")
        }
    }
}
