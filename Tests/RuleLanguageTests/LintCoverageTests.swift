import Foundation
import Testing
@testable import RuleLanguage

/// Every code in `DiagnosticCode.catalog` is demonstrated by a fixture and explained in
/// docs/errors.md, in catalog order, under its catalog title.
@Suite struct LintCoverageTests {
    typealias Support = LintFixtureSupport

    @Test func everyCodeHasAFixtureThatShowsIt() throws {
        var shown: Set<String> = []
        for name in Support.fixtureNames() {
            let url = Support.directory.appendingPathComponent(Support.expectedName(name))
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for (code, _) in DiagnosticCode.catalog where text.contains("[\(code)]") { shown.insert(code.rawValue) }
        }
        for (code, title) in DiagnosticCode.catalog {
            #expect(shown.contains(code.rawValue),
                    "\(code) (\(title)) has no fixture in Tests/Fixtures/lint whose .expected contains [\(code)]")
        }
    }

    @Test func catalogCodesAreUniqueAndWellFormed() {
        let codes = DiagnosticCode.catalog.map(\.code.rawValue)
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(code.count == 4 && (code.hasPrefix("E0") || code.hasPrefix("W0")), "odd code \(code)")
        }
    }

    @Test func everyCodeHasASectionInErrorsMD() throws {
        let text = try Support.read("docs/errors.md")
        let headings = text.components(separatedBy: "\n").filter { $0.hasPrefix("## ") }
        var position = -1
        for (code, title) in DiagnosticCode.catalog {
            let heading = "## \(code) — \(title)"
            guard let index = headings.firstIndex(of: heading) else {
                Issue.record("docs/errors.md has no section '\(heading)'")
                continue
            }
            #expect(index > position, "'\(heading)' is out of catalog order in docs/errors.md")
            position = index
        }
        let documented = Set(headings.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) })
        let known = Set(DiagnosticCode.catalog.map(\.code.rawValue))
        for code in documented where code.first == "E" || code.first == "W" {
            #expect(known.contains(code), "docs/errors.md documents \(code), which is not in the catalog")
        }
    }
}
