/// The result of linting several files: all findings in one sorted list.
public struct LintRun: Sendable {
    public let files: [LintedFile]

    public var diagnostics: [Diagnostic] {
        files.flatMap(\.diagnostics).sorted(by: Diagnostic.ordered)
    }

    public var sources: [SourceFile] { files.compactMap(\.source) }

    public func render(_ format: DiagnosticRenderer.Format, color: Bool = false) -> String {
        let renderer = DiagnosticRenderer(sources: sources, color: color)
        switch format {
        case .text: return renderer.text(diagnostics, files: files.count)
        case .json: return renderer.json(diagnostics, files: files.count)
        }
    }
}
