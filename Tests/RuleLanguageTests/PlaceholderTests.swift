import Testing
import Foundation
@testable import RuleLanguage

@Test func parsesTheShippedStrategy() throws {
    let text = try String(contentsOfFile: "strategies/sma.yaml", encoding: .utf8)
    let result = YAMLParser.parse(text: text, path: "strategies/sma.yaml")
    #expect(result.diagnostics.isEmpty)
    let rules = try #require(result.root?["rules"]?.items)
    #expect(rules.count == 2)
    let when = try #require(rules[0]["when"])
    #expect(when.string == "crosses_above(sma(close, fast), sma(close, slow))")
    #expect(when.contentStart == SourceLocation(line: 11, column: 11))
    #expect(result.root?["params"]?["fast"]?.number == 10)
}

@Test func reportsTabsDuplicatesAndAliases() {
    let text = "strategy: a\nstrategy: b\nx: &a [1]\ny: *a\n\tz: 1\n"
    let result = YAMLParser.parse(text: text, path: "t.yaml")
    let renderer = DiagnosticRenderer(sources: result.source.map { [$0] } ?? [])
    print(renderer.text(result.diagnostics.sorted(by: Diagnostic.ordered), files: 1))
    #expect(result.diagnostics.contains { $0.code == .tabIndentation })
}
