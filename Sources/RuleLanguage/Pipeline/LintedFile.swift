/// Everything the pipeline learned about one file.
public struct LintedFile: Sendable {
    public let path: String
    public let source: SourceFile?
    package let kind: FileKind?
    public let diagnostics: [Diagnostic]
    public let strategy: CheckedStrategy?
    public let policy: CheckedPolicy?
    public var config: CheckedConfig? = nil
}
