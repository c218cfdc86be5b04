import Testing
@testable import RuleLanguage

/// Numbers written the way a letter writes them get one error with the number to write, and
/// a fix-it an editor can apply. The fixtures show the common cases; these the edges.
@Suite struct LiteralFixTests {
    typealias Support = LintFixtureSupport

    static func only(_ yaml: String) throws -> Diagnostic {
        let found = Support.linter.lint(text: yaml, path: "rules/limits.yaml").diagnostics
        #expect(found.count == 1, "\(LintRun(files: [Support.linter.lint(text: yaml, path: "rules/limits.yaml")]).render(.text))")
        return try #require(found.first)
    }

    /// `1,000,000` inside `{ }` is the value `1` and the key `000` twice: one error, not a
    /// duplicate key and an unknown key as well.
    @Test func aMillionWithCommasInBracesIsOneError() throws {
        let d = try Self.only("policy: p\nlimits:\n  max_position_per_symbol: { notional: 1,000,000 }\n")
        #expect(d.code == .wrongType)
        #expect(d.help == "expected a number, got text '1,000,000'; write 1000000, without ','")
        #expect(d.fixIt?.replacement == "1000000")
        #expect(d.span.start.column == 40 && d.span.end.column == 49)
    }

    @Test func commasThatAreNotThousandsStaySeparateKeys() throws {
        let d = try Self.only("policy: p\nlimits:\n  max_position_per_symbol: { notional: 10,20 }\n")
        #expect(d.code == .unknownKey)
        #expect(d.message == "unknown key '20' in limits › max_position_per_symbol")
    }

    @Test func numbersWithExtrasOutsideBraces() throws {
        let cases: [(String, String)] = [
            ("max_gross_notional: 50,000", "write 50000, without ','"),
            ("max_gross_notional: '$50,000'", "write 50000, without the quotes, '$' and ','"),
            ("max_gross_notional: -$5", "write -5, without '$'"),
            ("daily_max_drawdown: { percent: 3 % }", "write 3, without '%'"),
        ]
        for (line, fix) in cases {
            let d = try Self.only("policy: p\nlimits:\n  \(line)\n")
            #expect(d.help?.hasSuffix("; \(fix)") == true, "\(line): \(d.help ?? "")")
        }
    }

    /// A percentage where a mapping belongs picks the mapping's percent key.
    @Test func aPercentageForAPositionLimitBecomesPercentOfEquity() throws {
        let d = try Self.only("policy: p\nlimits:\n  max_position_per_symbol: 20%\n")
        #expect(d.help?.hasSuffix("; write { percent_of_equity: 20 }") == true, "\(d.help ?? "")")
        #expect(d.fixIt?.replacement == "{ percent_of_equity: 20 }")
    }

    @Test func textThatIsNoNumberKeepsTheExample() throws {
        let d = try Self.only("policy: p\nlimits:\n  max_gross_notional: lots\n")
        #expect(d.help == "expected a number, got text 'lots', for example 100000")
        #expect(d.fixIt == nil)
    }

    @Test func aSymbolInSmallLettersSuggestsCapitals() throws {
        let yaml = "strategy: s\nsymbols: [SPY, Qqq]\nrules:\n  - id: r\n    when: close > open\n    action: buy\n    size: { percent_of_equity: 50 }\n"
        let found = Support.linter.lint(text: yaml, path: "s.yaml").diagnostics
        #expect(found.map(\.code) == [.badFormat])
        #expect(found.first?.help?.hasPrefix("did you mean 'QQQ'? ") == true)
        #expect(found.first?.fixIt?.replacement == "QQQ")
    }
}
