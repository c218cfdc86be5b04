import Foundation
import Vocabulary

/// The whole language front end for one or more files: read → YAML → kind → schema →
/// check. Never throws for a bad file; every problem becomes a diagnostic.
public struct Linter: Sendable {
    /// Symbols that have bundled data; when set, other symbols get a W005 warning.
    public var knownSymbols: Set<String>?

    public init(knownSymbols: Set<String>? = nil) {
        self.knownSymbols = knownSymbols
    }

    /// Lints files and directories (recursively, `*.yaml`/`*.yml`, in sorted order).
    public func lint(paths: [String]) throws -> LintRun {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LintUsageError(message: "\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                files += Self.yamlFiles(under: path)
            } else {
                files.append(path)
            }
        }
        return LintRun(files: files.map(lint(file:)))
    }

    public func lint(file path: String) -> LintedFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let diagnostic: Diagnostic
            if !exists {
                diagnostic = Diagnostic(.unreadableFile, "no such file", at: .wholeFile(path),
                    help: "check the path; relative paths start in the folder you run algobot from")
            } else if isDirectory.boolValue {
                diagnostic = Diagnostic(.unreadableFile, "this is a folder, not a file", at: .wholeFile(path),
                    help: "give a .yaml file, or lint the whole folder: algobot lint FOLDER")
            } else {
                diagnostic = Diagnostic(.unreadableFile, "cannot read the file", at: .wholeFile(path),
                    help: "check that you may read it (permissions)")
            }
            return LintedFile(path: path, source: nil, kind: nil, diagnostics: [diagnostic], strategy: nil, policy: nil)
        }
        return lint(bytes: [UInt8](data), path: path)
    }

    public func lint(text: String, path: String) -> LintedFile {
        lint(bytes: Array(text.utf8), path: path)
    }

    public func lint(bytes: [UInt8], path: String) -> LintedFile {
        let parsed = YAMLParser.parse(bytes: bytes, path: path)
        var diagnostics = parsed.diagnostics
        func done(_ kind: FileKind? = nil, _ strategy: CheckedStrategy? = nil, _ policy: CheckedPolicy? = nil) -> LintedFile {
            LintedFile(path: path, source: parsed.source, kind: kind, diagnostics: diagnostics.sorted(by: Diagnostic.ordered),
                       strategy: strategy, policy: policy)
        }
        guard let parsedRoot = parsed.root, let source = parsed.source else { return done() }
        let (root, joined) = SplitNumbers.join(parsedRoot, source: source)
        // `1,000,000` in `{ }` repeats the key `000`: part of the one number, not a second mistake.
        diagnostics.removeAll { d in d.code == .duplicateKey && joined.contains { $0.start <= d.span.start && d.span.end <= $0.end } }
        guard let entries = root.entries else {
            diagnostics.append(Diagnostic(.notAMapping, "the file is \(root.kindDescription), but it must be a mapping of keys",
                at: root.span, help: "start with 'strategy: my-name' (a strategy) or 'policy: my-limits' (a policy)"))
            return done()
        }
        guard let kind = Self.kind(of: entries) else {
            let keys = entries.map(\.key)
            let guess = keys.lazy.compactMap { Suggestions.closest(to: $0, in: FileKind.allCases.map(\.rawValue)) }.first
            diagnostics.append(Diagnostic(.unknownFileKind, "cannot tell whether this is a strategy, a policy or a settings file",
                at: entries.first?.keySpan ?? root.span,
                help: guess.map { "did you mean '\($0):'? A strategy starts with 'strategy:', a policy with 'policy:'" }
                    ?? "a strategy file has a 'strategy:' key, a policy file a 'policy:' key, settings a 'config:' key"))
            return done()
        }
        // An alias was already reported (E004) and stands as an empty value: one error for
        // one mistake, not a second one about the empty value.
        let aliases = Set(parsed.aliasSpans.map(\.start))
        func later(_ found: [Diagnostic]) -> [Diagnostic] { found.filter { !aliases.contains($0.span.start) } }
        let schemaFindings = later(SchemaStage.validate(root, kind: kind))
        switch kind {
        case .config:
            var checker = ConfigChecker(root: root, file: path)
            let config = checker.check()
            // A secret key is reported once, as a secret, not also as an unknown key.
            diagnostics += schemaFindings.filter { !(checker.secretKeySpans.contains($0.span) && $0.code == .unknownKey) }
            diagnostics += later(checker.diagnostics)
            var file = done(kind)
            file.config = diagnostics.hasErrors ? nil : config
            return file
        case .strategy:
            var checker = StrategyChecker(root: root, file: path, knownSymbols: knownSymbols,
                                          schemaFailed: schemaFindings.hasErrors || diagnostics.hasErrors)
            let strategy = checker.check()
            // A wrong action the checker explains better (`hold`) is reported once, by it.
            diagnostics += schemaFindings.filter { !($0.code == .valueNotAllowed && checker.replacedSchemaFindings.contains($0.span)) }
            diagnostics += later(checker.diagnostics)
            return done(kind, diagnostics.hasErrors ? nil : strategy)
        case .policy:
            diagnostics += schemaFindings
            var checker = PolicyChecker(root: root, file: path)
            let policy = checker.check()
            diagnostics += later(checker.diagnostics)
            return done(kind, nil, diagnostics.hasErrors ? nil : policy)
        }
    }

    /// Loads a strategy that must be valid (backtest, run).
    public func strategy(at path: String) throws -> CheckedStrategy {
        let file = lint(file: path)
        guard let strategy = file.strategy else { throw RuleFileError(file: file) }
        return strategy
    }

    /// Loads settings that must be valid (run, config show).
    public func config(at path: String) throws -> CheckedConfig {
        let file = lint(file: path)
        guard let config = file.config else { throw RuleFileError(file: file) }
        return config
    }

    /// Loads a policy that must be valid (backtest, run).
    public func policy(at path: String) throws -> CheckedPolicy {
        let file = lint(file: path)
        guard let policy = file.policy else { throw RuleFileError(file: file) }
        return policy
    }

    static func kind(of entries: [YAMLEntry]) -> FileKind? {
        for kind in FileKind.allCases where entries.contains(where: { $0.key == kind.rawValue }) { return kind }
        return nil
    }

    static func yamlFiles(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
                found.append(base + "/" + relative)
            }
        }
        return found.sorted()
    }
}
