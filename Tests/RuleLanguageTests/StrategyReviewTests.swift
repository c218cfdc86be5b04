import Testing
@testable import RuleLanguage

/// The checks across a strategy's rules (W007 crossings, W008 sizes, W009 and W002 positions,
/// E013 for `hold`): what they catch beyond the fixtures, and, as much, what they must leave
/// alone. Each strategy is written out as YAML.
@Suite struct StrategyReviewTests {
    typealias Support = LintFixtureSupport

    static func lint(_ yaml: String) -> LintedFile { Support.linter.lint(text: yaml, path: "s.yaml") }

    static func codes(_ yaml: String) -> [String] { lint(yaml).diagnostics.map(\.code.rawValue) }

    /// A strategy with these rules; `fast: 10` and `slow: 30` as params when the rules use them.
    static func strategy(symbols: String = "[SPY]", _ rules: String) -> String {
        let params = [("fast", 10), ("slow", 30)].filter { rules.contains($0.0) }.map { "  \($0.0): \($0.1)\n" }.joined()
        return "strategy: s\nsymbols: \(symbols)\n" + (params.isEmpty ? "" : "params:\n" + params) + "rules:\n" + rules
    }

    /// Every shipped strategy, and the same with its sizes summed, lints without the new warnings.
    @Test(arguments: Support.shippedFiles().filter { $0.hasPrefix("strategies/") })
    func shippedStrategiesGetNoneOfTheNewWarnings(_ path: String) throws {
        let file = Support.linter.lint(text: try Support.read(path), path: path)
        let new: Set<DiagnosticCode> = [.ruleNeverFires, .averagesCrossedBackwards, .buysAboveEquity, .nothingToSell]
        #expect(!file.diagnostics.contains { new.contains($0.code) }, "\(LintRun(files: [file]).render(.text))")
    }

    @Test func aSellOnTheSlowerAverageRisingIsRight() {
        // The 50-day average rising through the 10-day one is the faster average falling: a sell.
        let yaml = Self.strategy("""
              - id: enter
                when: crosses_above(sma(close, 10), sma(close, 50))
                action: buy
                size: { percent_of_equity: 100 }
              - id: exit
                when: crosses_above(sma(close, 50), sma(close, 10))
                action: sell_all
            """ + "\n")
        #expect(Self.codes(yaml).isEmpty)
    }

    @Test func crossingsOfDifferentAveragesOrValuesAreLeftAlone() {
        for condition in ["crosses_above(sma(close, 30), ema(close, 10))", "crosses_above(sma(high, 30), sma(low, 10))",
                          "not crosses_above(sma(close, 30), sma(close, 10))"] {
            let yaml = "strategy: s\nsymbols: [SPY]\nrules:\n  - id: enter\n    when: \(condition)\n    action: buy\n"
                + "    size: { percent_of_equity: 100 }\n  - id: exit\n    when: close < open\n    action: sell_all\n"
            #expect(Self.codes(yaml).isEmpty, "\(condition)")
        }
    }

    /// Params used the right way round in one rule and the wrong way in another: the values are
    /// fine, so the warning is on the rule, with its own fix.
    @Test func paramsUsedBothWaysPutTheWarningOnTheRule() throws {
        let yaml = Self.strategy("""
              - id: enter
                when: crosses_above(sma(close, fast), sma(close, slow))
                action: buy
                size: { percent_of_equity: 100 }
              - id: exit
                when: crosses_above(sma(close, fast), sma(close, slow))
                action: sell_all
            """ + "\n")
        let found = Self.lint(yaml).diagnostics
        #expect(found.map(\.code) == [.averagesCrossedBackwards])
        let d = try #require(found.first)
        #expect(d.message == "rule 'exit' sells when sma(close, 10) rises above sma(close, 30): the slower average comes first in crosses_above")
        #expect(d.span.start.line == 12)
        #expect(d.fixIt?.replacement == "crosses_above(sma(close, slow), sma(close, fast))")
    }

    @Test func partOfTheCashGoesToTheNextSymbol() throws {
        let yaml = Self.strategy(symbols: "[SPY, QQQ, IWM]", """
              - id: enter
                when: crosses_above(sma(close, fast), sma(close, slow))
                action: buy
                size: { percent_of_equity: 40 }
            """ + "\n")
        let d = try #require(Self.lint(yaml).diagnostics.first { $0.code == .buysAboveEquity })
        #expect(d.message == "3 symbols each buy 40% of equity: 120% together, more than you have")
        #expect(d.help?.contains("SPY and QQQ get 40% each, then IWM the 20% left; ") == true, "\(d.help ?? "")")
        #expect(d.fixIt?.replacement == "33")
    }

    @Test func sizesThatFitOrAreAlreadyTooLargeGetNoW008() {
        let fits = Self.strategy(symbols: "[SPY, QQQ, IWM, AAPL]", "  - id: enter\n    when: close > open\n    action: buy\n    size: { percent_of_equity: 25 }\n")
        #expect(!Self.codes(fits).contains("W008"))
        let leveraged = Self.strategy(symbols: "[SPY, QQQ]", "  - id: enter\n    when: close > open\n    action: buy\n    size: { percent_of_equity: 150 }\n")
        #expect(Self.codes(leveraged).filter { $0.hasPrefix("W") } == ["W004"])
    }

    @Test func aSellThatNeedsNoPositionNeverSells() throws {
        for (condition, fix) in [("position == 0 and close < open", "position > 0"), ("not (position > 0) and close < open", nil),
                                 ("0 >= position_value", "position_value > 0")] {
            let yaml = Self.strategy("  - id: enter\n    when: close > open\n    action: buy\n    size: { percent_of_equity: 100 }\n"
                                     + "  - id: exit\n    when: \(condition)\n    action: sell_all\n")
            let d = try #require(Self.lint(yaml).diagnostics.first, "\(condition)")
            #expect(d.code == .nothingToSell, "\(condition)")
            #expect(d.fixIt?.replacement == fix, "\(condition)")
        }
    }

    @Test func positionsThatCanExistAreLeftAlone() {
        for (buy, sell) in [("position == 0 and close > open", "position > 0 and close < open"),
                            ("close > open or position > 0", "position >= 1"),
                            ("position < 0.5", "position != 0")] {
            let yaml = Self.strategy("  - id: enter\n    when: \(buy)\n    action: buy\n    size: { percent_of_equity: 100 }\n"
                                     + "  - id: exit\n    when: \(sell)\n    action: sell_all\n")
            #expect(Self.codes(yaml).isEmpty, "\(buy) / \(sell)")
        }
    }

    @Test func aBuyNeedingAPositionFiresOnceAnotherBuyOpensOne() {
        let adds = "  - id: add\n    when: position > 0 and close > open\n    action: buy\n    size: { percent_of_equity: 10 }\n"
        let opens = "  - id: open\n    when: position == 0 and close > open\n    action: buy\n    size: { percent_of_equity: 50 }\n"
        let exit = "  - id: exit\n    when: close < open\n    action: sell_all\n"
        #expect(Self.codes(Self.strategy(adds + exit)) == ["W002"])
        #expect(Self.codes(Self.strategy(adds + opens + exit)).isEmpty)
    }

    /// The review speaks only about files without errors: a rule with a wrong action is one
    /// mistake, not also a strategy "without a buy rule".
    @Test func aFileWithAnErrorGetsNoReviewWarnings() {
        let yaml = Self.strategy("  - id: enter\n    when: close > open\n    action: buyy\n    size: { percent_of_equity: 100 }\n"
                                 + "  - id: exit\n    when: close < open\n    action: sell_all\n")
        #expect(Self.codes(yaml) == ["E013"])
    }

    @Test func holdRewritesEveryBuyRuleAndKeepsAnOrTogether() throws {
        let yaml = Self.strategy("""
              - id: wait
                when: not (close > open)
                action: wait
              - id: dip
                when: close < sma(close, slow) or close < open
                action: buy
                size: { percent_of_equity: 50 }
            """ + "\n")
        let d = try #require(Self.lint(yaml).diagnostics.first)
        #expect(Self.codes(yaml) == ["E013"])
        #expect(d.help?.hasSuffix("to keep 'dip' from buying when not (close > open), write its when: "
            + "(close < sma(close, slow) or close < open) and close > open, and delete rule 'wait'") == true, "\(d.help ?? "")")
        let two = yaml + "  - id: breakout\n    when: close > highest(close, 20)[1]\n    action: buy\n    size: { percent_of_equity: 50 }\n"
        let help = try #require(Self.lint(two).diagnostics.first?.help)
        #expect(help.contains("add 'and close > open' to the when: of 'dip' and 'breakout'"), "\(help)")
    }
}
