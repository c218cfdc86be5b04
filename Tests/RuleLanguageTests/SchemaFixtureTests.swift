import Foundation
import Testing
@testable import RuleLanguage

/// `Tests/Fixtures/lint/E01x-*.yaml`: one realistic file per schema error code, each with
/// exactly that mistake, which the schema alone finds, and next to it the exact text
/// `algobot lint` prints for it.
/// Run with `UPDATE_FIXTURES=1` to rewrite the `.expected` files after an intended change.
@Suite struct SchemaFixtureTests {
    static let directory = "Tests/Fixtures/lint"
    static let codes = (10...18).map { DiagnosticCode("E0\($0)") }

    static func fixtures() throws -> [String] {
        try FileManager.default.contentsOfDirectory(
            atPath: SchemaTestSupport.repositoryRoot.appendingPathComponent(directory).path)
            .filter { $0.hasPrefix("E01") && $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func everySchemaCodeHasAFixture() throws {
        let names = try Self.fixtures()
        for code in Self.codes {
            #expect(names.contains { $0.hasPrefix("\(code.rawValue)-") }, "no fixture for \(code)")
        }
    }

    @Test(arguments: try fixtures())
    func fixtureGivesItsExpectedDiagnostic(_ name: String) throws {
        let path = "\(Self.directory)/\(name)"
        let text = try SchemaTestSupport.read(path)
        let (diagnostics, _) = SchemaTestSupport.validate(text, path: path)
        let code = DiagnosticCode(String(name.prefix(4)))
        #expect(diagnostics.map(\.code) == [code], "\(name) should have exactly one \(code)")
        #expect(diagnostics.allSatisfy { $0.help != nil }, "\(name): every schema diagnostic needs a help line")

        // `algobot lint` prints the schema's finding where and in the words the schema found it;
        // only the help may be the linter's own (a `hold` rewritten into the buy rule).
        let linted = LintFixtureSupport.lintFixture(name)
        let described = { (d: Diagnostic) in "\(d.code) \(d.span) \(d.message)" }
        #expect(linted.files.first?.diagnostics.map(described) == diagnostics.map(described), "\(name)")
        let rendered = linted.render(.text)
        let expectedPath = path.replacingOccurrences(of: ".yaml", with: ".expected")
        let expectedURL = SchemaTestSupport.repositoryRoot.appendingPathComponent(expectedPath)
        if ProcessInfo.processInfo.environment["UPDATE_FIXTURES"] == "1" {
            try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(rendered == expected, "\(expectedPath) differs; run with UPDATE_FIXTURES=1 if the change is intended")
    }
}
