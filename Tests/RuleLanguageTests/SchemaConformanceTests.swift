import Foundation
import Testing
@testable import RuleLanguage

/// The official JSON Schema test suite (draft 2020-12, our keywords) from `shared/`, which
/// sits beside the repository clone in development and in CI.
@Suite struct SchemaConformanceTests {
    static let suiteDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/jsonschema-suite/draft2020-12")

    /// Groups we do not run, by `file › group description`, each with the reason.
    static let skipped: [String: String] = [
        "defs.json › validate definition against metaschema":
            "remote ref: $ref to the draft 2020-12 metaschema URL",
        "ref.json › remote ref, containing refs itself":
            "remote ref: $ref to the draft 2020-12 metaschema URL",
        "ref.json › Recursive references between schemas": "$id base-URI change",
        "ref.json › refs with relative uris and defs": "$id base-URI change",
        "ref.json › relative refs with absolute uris and defs": "$id base-URI change",
        "ref.json › $id must be resolved against nearest parent, not just immediate parent": "$id base-URI change",
        "ref.json › order of evaluation: $id and $ref": "$id base-URI change",
        "ref.json › order of evaluation: $id and $anchor and $ref": "$id base-URI change ($anchor)",
        "ref.json › order of evaluation: $id and $ref on nested schema": "$id base-URI change",
        "ref.json › simple URN base URI with $ref via the URN": "$id base-URI change (URN)",
        "ref.json › URN base URI with URN and JSON pointer ref": "$id base-URI change (URN)",
        "ref.json › URN base URI with URN and anchor ref": "$id base-URI change (URN, $anchor)",
        "ref.json › URN ref with nested pointer ref": "$id base-URI change (URN)",
        "ref.json › ref to if": "$id base-URI change",
        "ref.json › ref to then": "$id base-URI change",
        "ref.json › ref to else": "$id base-URI change",
        "ref.json › ref with absolute-path-reference": "$id base-URI change",
        "ref.json › ref creates new scope when adjacent to keywords":
            "needs unevaluatedProperties, which is not one of our keywords",
        "not.json › collect annotations inside a 'not', even if collection is disabled":
            "needs unevaluatedProperties, which is not one of our keywords",
    ]

    struct Outcome {
        var passed = 0, skipped = 0
        var failures: [String] = []
    }

    @Test func officialSuitePasses() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.suiteDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 30, "expected the suite in \(Self.suiteDirectory.path)")
        var total = Outcome()
        var usedSkips: Set<String> = []
        for file in files {
            let outcome = try run(file: file, usedSkips: &usedSkips)
            print("jsonschema-suite \(file): \(outcome.passed) passed, \(outcome.skipped) skipped, \(outcome.failures.count) failed")
            total.passed += outcome.passed
            total.skipped += outcome.skipped
            total.failures += outcome.failures
        }
        print("jsonschema-suite total: \(total.passed) passed, \(total.skipped) skipped, \(total.failures.count) failed")
        #expect(total.failures.isEmpty, "\(total.failures.joined(separator: "\n"))")
        #expect(usedSkips == Set(Self.skipped.keys), "stale skip entries: \(Set(Self.skipped.keys).subtracting(usedSkips))")
    }

    private func run(file: String, usedSkips: inout Set<String>) throws -> Outcome {
        let text = try String(contentsOf: Self.suiteDirectory.appendingPathComponent(file), encoding: .utf8)
        let groups = try #require(try JSONReader.parse(text, path: file).items)
        var outcome = Outcome()
        for group in groups {
            let name = "\(file) › \(group["description"]?.string ?? "?")"
            let tests = group["tests"]?.items ?? []
            if Self.skipped[name] != nil {
                usedSkips.insert(name)
                outcome.skipped += tests.count
                continue
            }
            let schema: JSONSchema
            do {
                schema = try JSONSchema(root: try #require(group["schema"]), name: file)
            } catch {
                outcome.failures.append("\(name): schema did not compile: \(error)")
                continue
            }
            for test in tests {
                let label = "\(name) › \(test["description"]?.string ?? "?")"
                let data = try #require(test["data"])
                guard case .bool(let expected)? = test["valid"]?.value else {
                    Issue.record("\(label): no 'valid' flag")
                    continue
                }
                let valid = schema.isValid(data)
                let diagnostics = schema.validate(data)
                if valid != expected {
                    outcome.failures.append("\(label): expected \(expected ? "valid" : "invalid")")
                } else if diagnostics.isEmpty != valid {
                    outcome.failures.append("\(label): validate() gave \(diagnostics.count) diagnostics for a \(valid ? "valid" : "invalid") value")
                } else {
                    outcome.passed += 1
                }
            }
        }
        return outcome
    }
}
