/// The hand-off to the Schema stage: validates a document tree against the schema of its kind.
enum SchemaStage {
    static func validate(_ root: YAMLNode, kind: FileKind) -> [Diagnostic] {
        // Replaced by BundledSchemas once the validator lands.
        []
    }
}
