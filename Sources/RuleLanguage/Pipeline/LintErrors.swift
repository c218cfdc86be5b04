/// A path that does not exist or holds no YAML: a usage problem (exit 2), not a finding.
public struct LintUsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Thrown by loaders that need a valid file (backtest, run): carries the findings.
public struct RuleFileError: Error, CustomStringConvertible, Sendable {
    public let file: LintedFile

    public init(file: LintedFile) {
        self.file = file
    }

    public var description: String {
        let renderer = DiagnosticRenderer(sources: file.source.map { [$0] } ?? [])
        let errors = file.diagnostics.filter { $0.severity == .error }
        var text = errors.sorted(by: Diagnostic.ordered).map { renderer.text($0) }.joined(separator: "\n")
        if errors.isEmpty {
            text = "\(file.path): this is a \(file.kind?.rawValue ?? "different kind of") file, not the kind expected here\n"
        }
        return text + "run 'algobot lint \(file.path)' to see every problem\n"
    }
}
