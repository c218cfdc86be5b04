import Testing
@testable import RuleLanguage

/// Found by the fuzz test: a number too large for a Double (`1e999`) or YAML's `.inf`/`.nan`
/// passed every check and was then silently skipped, leaving a file "without errors" that
/// could not be used. Each must now be an error at its place.
@Suite struct NonFiniteNumberTests {
    @Test(arguments: [
        ("strategy: s\nsymbols: [SPY]\nparams:\n  fast: 1e30010\nrules:\n  - id: r\n    when: close > sma(close, fast)\n    action: sell_all\n", 4),
        ("strategy: s\nsymbols: [SPY]\nparams:\n  fast: .inf\nrules:\n  - id: r\n    when: close > sma(close, fast)\n    action: sell_all\n", 4),
        ("strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: close > open\n    action: buy\n    size: { percent_of_equity: .inf }\n", 7),
        ("strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: close > open\n    action: buy\n    size: { shares: .nan }\n", 7),
        ("policy: p\nlimits:\n  max_gross_notional: 1e999\n", 3),
        ("policy: p\nlimits:\n  daily_max_drawdown: { percent: -.inf }\n", 3),
    ])
    func nonFiniteNumberIsAnError(_ text: String, line: Int) {
        let file = LintFixtureSupport.linter.lint(text: text, path: "n.yaml")
        #expect(file.diagnostics.contains { $0.severity == .error && $0.span.start.line == line },
                "\(LintRun(files: [file]).render(.text))")
        #expect(file.strategy == nil && file.policy == nil)
    }
}
