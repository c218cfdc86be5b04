import Foundation
import Testing
@testable import RuleLanguage

/// `SimpleRegex` must agree with a full regex engine wherever it accepts a pattern.
@Suite struct SchemaPatternTests {
    static let patterns = [
        "^[a-z0-9][a-z0-9_-]{0,63}$", "^[A-Z][A-Z0-9.]{0,9}$", "^[a-z_][a-z0-9_]{0,31}$",
        "a+", "^a*$", "f.*o", "[0-9]{2,}", "^v", "^á", "x{2,3}y?", "[^abc]+$", "\\.",
        "colou?r", "^$", "", "a.c", "[\\-.]b", "^a{2}$", "b*?c", "[a-c-]", "^[^-]",
    ]
    static let inputs = [
        "", "a", "aa", "aaa", "SPY", "BRK.B", "spy", "foo", "fo", "f\no", "12", "1", "é", "á1", "ab-c_9",
        String(repeating: "x", count: 70), "sma-crossover", "-x", "v1", "xxy", "color", "colour", "a c",
        "abc", "def", "a.b", "1a", "Fast", "fast_2", "a-b", "c", "bbbc", "ac",
    ]

    @Test func simpleMatcherAgreesWithICU() throws {
        for pattern in Self.patterns {
            let simple = try #require(SimpleRegex(pattern), "'\(pattern)' should be handled by SimpleRegex")
            // Foundation on Linux refuses the empty pattern, which matches everything.
            let icu = pattern.isEmpty ? nil : try NSRegularExpression(pattern: pattern)
            for input in Self.inputs {
                let expected = icu.map { $0.firstMatch(in: input, range: NSRange(location: 0, length: input.utf16.count)) != nil } ?? true
                #expect(simple.matches(input) == expected, "'\(pattern)' on '\(input)'")
            }
        }
    }

    @Test(arguments: ["(a)", "a|b", "\\p{Letter}", "\\d+", "[\\w]", "[]", "a**", "\\bword", "a{,3}", "x^", "a$b", "[z-a]", "(?=a)"])
    func otherPatternsFallBackToICU(_ pattern: String) {
        #expect(SimpleRegex(pattern) == nil)
    }

    @Test func compiledPatternsUseBothEngines() throws {
        #expect(try CompiledPattern("^\\p{Letter}+$").matches("héllo"))
        #expect(try !CompiledPattern("^\\p{Letter}+$").matches("h3llo"))
        #expect(try CompiledPattern("^[A-Z]{1,3}$").matches("SPY"))
        #expect(throws: (any Error).self) { try CompiledPattern("(unclosed") }
    }
}
