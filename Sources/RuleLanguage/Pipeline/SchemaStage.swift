/// The hand-off to the Schema stage: validates a document tree against the bundled
/// schema of its kind (the same files editors use, embedded in the binary).
enum SchemaStage {
    static func validate(_ root: YAMLNode, kind: FileKind) -> [Diagnostic] {
        switch kind {
        case .strategy: return BundledSchemas.strategy.validate(root)
        case .policy: return BundledSchemas.policy.validate(root)
        case .config: return BundledSchemas.config.validate(root)
        }
    }
}
