import Foundation
import Testing
@testable import RuleLanguage

/// The two shipped schemas: embedded exactly, compiled cleanly, written for operators,
/// and accepting the example files every doc uses.
@Suite struct SchemaBundledTests {
    @Test func embeddedSchemasMatchTheSchemaFiles() throws {
        let directory = SchemaTestSupport.repositoryRoot.appendingPathComponent("schemas")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".schema.json") }.sorted().map { "schemas/\($0)" }
        #expect(EmbeddedSchemas.all.map(\.path) == onDisk,
                "the embedded schema list is stale: run scripts/embed-schemas.sh and commit the result")
        for (path, text) in EmbeddedSchemas.all {
            let file = try SchemaTestSupport.read(path)
            #expect(text == file, "\(path) changed since it was embedded: run scripts/embed-schemas.sh and commit the result")
        }
    }

    @Test func bundledSchemasUseOnlyKnownKeywords() {
        #expect(BundledSchemas.strategy.unknownKeywords.isEmpty, "\(BundledSchemas.strategy.unknownKeywords)")
        #expect(BundledSchemas.policy.unknownKeywords.isEmpty, "\(BundledSchemas.policy.unknownKeywords)")
    }

    @Test(arguments: ["strategies/sma.yaml", "rules/limits.yaml"])
    func shippedFilesValidate(_ path: String) throws {
        let text = try SchemaTestSupport.read(path)
        let parsed = YAMLParser.parse(text: text, path: path)
        let root = try #require(parsed.root)
        let schema = try #require(BundledSchemas.schema(for: root))
        #expect(schema.isValid(root))
        #expect(schema.validate(root).isEmpty)
    }

    @Test func schemaIsChosenByTheTopLevelKey() throws {
        let strategy = try #require(YAMLParser.parse(text: "strategy: a\n", path: "s.yaml").root)
        let policy = try #require(YAMLParser.parse(text: "policy: a\n", path: "p.yaml").root)
        let other = try #require(YAMLParser.parse(text: "config: a\n", path: "c.yaml").root)
        #expect(BundledSchemas.schema(for: strategy)?.name == "schemas/strategy.schema.json")
        #expect(BundledSchemas.schema(for: policy)?.name == "schemas/policy.schema.json")
        #expect(BundledSchemas.schema(for: other) == nil)
    }

    /// Editors show `title` and `description` on hover; every key an operator can write needs both.
    @Test(arguments: ["schemas/strategy.schema.json", "schemas/policy.schema.json"])
    func everyPropertyIsDocumented(_ path: String) throws {
        let root = try JSONReader.parse(try SchemaTestSupport.read(path), path: path)
        var undocumented: [String] = []
        func walk(_ node: YAMLNode, _ pointer: String) {
            for entry in node.entries ?? [] {
                if entry.key == "properties" {
                    for property in entry.value.entries ?? [] where property.value["title"]?.string == nil
                        || property.value["description"]?.string == nil {
                        undocumented.append("\(pointer)/properties/\(property.key)")
                    }
                }
                walk(entry.value, "\(pointer)/\(entry.key)")
            }
            for (i, item) in (node.items ?? []).enumerated() { walk(item, "\(pointer)/\(i)") }
        }
        walk(root, "#")
        // `if`/`else` branches only add constraints to keys documented where they are declared.
        #expect(undocumented.filter { !$0.contains("/if/") && !$0.contains("/else/") } == [])
    }

    /// Not a timed assertion (machines differ); prints the figure for the notes.
    @Test func validatingTheExampleIsCheap() throws {
        let root = try #require(YAMLParser.parse(text: try SchemaTestSupport.read("strategies/sma.yaml"), path: "sma.yaml").root)
        let schema = BundledSchemas.strategy
        _ = schema.validate(root)
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure {
            for _ in 0..<1000 { count += schema.validate(root).count }
        }
        let fast = clock.measure {
            for _ in 0..<1000 where !schema.isValid(root) { count += 1 }
        }
        #expect(count == 0)
        print("schema: validate(sma.yaml) x1000: \(elapsed); isValid x1000: \(fast)")
    }
}
