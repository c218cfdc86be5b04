import Foundation
import RuleLanguage
import Testing
@testable import AlgobotCLI

/// The editor half of `algobot init`: schema copies the VS Code YAML extension validates with
/// the same meaning as algobot's own validator, settings that map them to the project's files,
/// and a `.gitignore` that git really applies.
@Suite struct ProjectTemplateTests {
    /// The keywords that mean the same in draft-07 as in 2020-12 (validation and annotations).
    /// 2019-09/2020-12 keywords (`prefixItems`, `unevaluatedProperties`, `dependentRequired`,
    /// `dependentSchemas`, `minContains`, `$anchor`, `$dynamicRef` …) are missing on purpose:
    /// draft-07 ignores them, so the editor would accept what `algobot lint` refuses. `$defs`
    /// is allowed only as the place `$ref` pointers lead to (a JSON pointer works in any draft).
    static let sameInDraft07: Set<String> = [
        "$schema", "$id", "$comment", "$ref", "$defs", "title", "description", "examples", "default", "type", "enum", "const",
        "properties", "additionalProperties", "required", "propertyNames", "minProperties", "maxProperties", "patternProperties",
        "items", "minItems", "maxItems", "uniqueItems", "contains", "minLength", "maxLength", "pattern", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "oneOf", "anyOf", "allOf", "not",
        "if", "then", "else",
    ]

    /// Keywords at schema positions, with where they are; annotations starting `x-` are ours.
    static func keywords(_ node: Any, _ pointer: String, into found: inout [(keyword: String, pointer: String, schema: [String: Any])]) {
        guard let schema = node as? [String: Any] else { return }
        for (key, value) in schema.sorted(by: { $0.key < $1.key }) where !key.hasPrefix("x-") {
            found.append((key, pointer, schema))
            switch key {
            case "properties", "$defs", "patternProperties":
                for (name, sub) in (value as? [String: Any] ?? [:]) { keywords(sub, "\(pointer)/\(key)/\(name)", into: &found) }
            case "oneOf", "anyOf", "allOf":
                for (i, sub) in (value as? [Any] ?? []).enumerated() { keywords(sub, "\(pointer)/\(key)/\(i)", into: &found) }
            case "items", "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else":
                keywords(value, "\(pointer)/\(key)", into: &found)
            default:
                break
            }
        }
    }

    @Test(arguments: BundledSchemas.files.map(\.path))
    func everySchemaKeywordMeansTheSameInDraft07(_ path: String) throws {
        let text = try #require(BundledSchemas.files.first { $0.path == path }?.text)
        let root = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var found: [(keyword: String, pointer: String, schema: [String: Any])] = []
        Self.keywords(root, "#", into: &found)
        #expect(found.count > 50)
        for (keyword, pointer, schema) in found {
            #expect(Self.sameInDraft07.contains(keyword), "\(path) \(pointer): '\(keyword)' does not mean the same in draft-07")
            if keyword == "$ref" {
                // Draft-07 ignores every keyword beside a $ref, and resolves only pointers into this file.
                #expect(schema.keys.filter { !$0.hasPrefix("x-") }.sorted() == ["$ref"], "\(path) \(pointer): keywords beside $ref")
                #expect((schema["$ref"] as? String)?.hasPrefix("#/") == true, "\(path) \(pointer): $ref outside the file")
            }
            if keyword == "items" { #expect(schema["items"] is [String: Any], "\(path) \(pointer): items must be one schema") }
        }
    }

    @Test(arguments: BundledSchemas.files.map(\.path))
    func editorCopiesDifferOnlyInTheDeclaredDraft(_ path: String) throws {
        let text = try #require(BundledSchemas.files.first { $0.path == path }?.text)
        #expect(text.components(separatedBy: ProjectTemplate.repositoryDialect).count == 2, "\(path) declares 2020-12 once")
        let copy = try #require(ProjectTemplate.files.first { $0.path == path }?.text)
        #expect(copy.contains(#""$schema": "http://json-schema.org/draft-07/schema#","#))
        #expect(copy.replacingOccurrences(of: ProjectTemplate.editorDialect, with: ProjectTemplate.repositoryDialect) == text)
    }

    @Test func vscodeSettingsMapEachSchemaToTheFilesItDescribes() throws {
        let text = try #require(ProjectTemplate.files.first { $0.path == ".vscode/settings.json" }?.text)
        let settings = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let schemas = try #require(settings["yaml.schemas"] as? [String: [String]])
        #expect(schemas.keys.sorted() == BundledSchemas.files.map(\.path))
        func described(_ file: String) -> [String] {
            schemas.keys.sorted().filter { schema in
                schemas[schema]!.contains { glob in
                    let parts = glob.components(separatedBy: "*")
                    return parts.count == 1 ? glob == file : file.hasPrefix(parts[0]) && file.hasSuffix(parts[1])
                        && !file.dropFirst(parts[0].count).dropLast(parts[1].count).contains("/")
                }
            }
        }
        #expect(described("strategies/sma.yaml") == ["schemas/strategy.schema.json"])
        #expect(described("rules/limits.yaml") == ["schemas/policy.schema.json"])
        #expect(described("algobot.yaml") == ["schemas/config.schema.json"])
        #expect(described("strategies/new.yml") == ["schemas/strategy.schema.json"])
        // The first-line comments in the YAML files name the same schemas, relative to each file.
        #expect(EmbeddedProject.strategy.hasPrefix("# yaml-language-server: $schema=../schemas/strategy.schema.json\n"))
        #expect(EmbeddedProject.policy.hasPrefix("# yaml-language-server: $schema=../schemas/policy.schema.json\n"))
        #expect(EmbeddedProject.settings.hasPrefix("# yaml-language-server: $schema=schemas/config.schema.json\n"))
    }

    static let gitAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

    /// What `git status` shows as untracked in a fresh repository holding `ignoreFile` and `paths`.
    static func untracked(ignoreFile: String, paths: [String]) async throws -> [String] {
        let dir = CLITempDir()
        defer { dir.remove() }
        try ignoreFile.write(toFile: dir.file(".gitignore"), atomically: true, encoding: .utf8)
        for path in paths {
            try FileManager.default.createDirectory(atPath: dir.file((path as NSString).deletingLastPathComponent),
                                                    withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: dir.file(path), contents: Data("x".utf8))
        }
        let repo = URL(fileURLWithPath: dir.path)
        #expect(try await ScriptsSupport.run("/usr/bin/git", ["init", "-q"], directory: repo).status == 0)
        let status = try await ScriptsSupport.run("/usr/bin/git", ["status", "--porcelain", "--untracked-files=all"], directory: repo)
        #expect(status.status == 0, "\(status.output)")
        return status.stdout.split(separator: "\n").map { String($0.dropFirst(3)) }.filter { $0 != ".gitignore" }.sorted()
    }

    static let runtimePaths = ["state/audit.jsonl", "state-tour/approvals.json", "state-paper/HALT", "out/report.html", ".env",
                               "strategies/sma.yaml", "Sources/Runtime/State/StateFolder.swift", "docs/state/notes.md"]

    @Test(.enabled(if: gitAvailable)) func aNewProjectsGitignoreKeepsStateSecretsAndOutputOut() async throws {
        let ignore = try #require(ProjectTemplate.files.first { $0.path == ".gitignore" }?.text)
        #expect(try await Self.untracked(ignoreFile: ignore, paths: Self.runtimePaths)
                == ["Sources/Runtime/State/StateFolder.swift", "docs/state/notes.md", "strategies/sma.yaml"])
    }

    /// The README tour runs the bot with `--state state-tour`; that folder must not show up in `git status`.
    @Test(.enabled(if: gitAvailable)) func theRepositorysGitignoreKeepsEveryStateFolderOut() async throws {
        let ignore = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(try await Self.untracked(ignoreFile: ignore, paths: Self.runtimePaths)
                == ["Sources/Runtime/State/StateFolder.swift", "docs/state/notes.md", "strategies/sma.yaml"])
    }
}
