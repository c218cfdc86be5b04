import Foundation
import Testing
@testable import AlgobotCLI

/// docs/CONFIG.md lists every setting the program knows, and the schema allows each of them.
@Suite struct ConfigDocTests {
    @Test func everySettingIsDocumentedAndInTheSchema() throws {
        let doc = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("docs/CONFIG.md"), encoding: .utf8)
        let schema = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("schemas/config.schema.json"), encoding: .utf8)
        for (key, env, _) in EffectiveSettings.known where key != "alpaca.base_url" {
            #expect(doc.contains("| `\(key)` |"), "docs/CONFIG.md does not document \(key)")
            let leaf = key.split(separator: ".").last.map(String.init) ?? key
            #expect(schema.contains("\"\(leaf)\""), "schemas/config.schema.json has no \(leaf)")
            if let env { #expect(doc.contains(env), "docs/CONFIG.md does not mention \(env)") }
        }
    }
}
