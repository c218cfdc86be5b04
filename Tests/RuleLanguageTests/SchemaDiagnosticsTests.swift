import Testing
@testable import RuleLanguage

/// What an operator sees for each kind of schema mistake: one diagnostic per mistake, at the
/// right place, with a help line that says what to write.
@Suite struct SchemaDiagnosticsTests {
    static let sma = (try? SchemaTestSupport.read("strategies/sma.yaml")) ?? ""
    static let limits = (try? SchemaTestSupport.read("rules/limits.yaml")) ?? ""

    /// The shipped file with one edit, validated against its bundled schema.
    func check(_ base: String, replacing old: String, with new: String) throws -> [Diagnostic] {
        #expect(base.contains(old), "test edit '\(old)' does not apply")
        return SchemaTestSupport.validate(base.replacingOccurrences(of: old, with: new), path: "f.yaml").diagnostics
    }

    func only(_ diagnostics: [Diagnostic]) throws -> Diagnostic {
        #expect(diagnostics.count == 1, "expected one diagnostic, got \(diagnostics.map { "\($0.code) \($0.message)" })")
        return try #require(diagnostics.first)
    }

    @Test func unknownKeyPointsAtTheKeyWithDidYouMeanAndAFixIt() throws {
        let d = try only(check(Self.sma, replacing: "    size:", with: "    szie:"))
        #expect(d.code == .unknownKey)
        #expect(d.message == "unknown key 'szie' in rule 'enter-long'")
        #expect(d.span == SourceSpan(file: "f.yaml", line: 13, column: 5, length: 4))
        #expect(d.help == "did you mean 'size'?")
        #expect(d.fixIt == Diagnostic.FixIt(span: d.span, replacement: "size"))
    }

    @Test func unknownKeyWithoutACloseMatchListsTheAllowedKeys() throws {
        let d = try only(check(Self.limits, replacing: "  max_gross_notional:", with: "  everything:"))
        #expect(d.message == "unknown key 'everything' in limits")
        #expect(d.help == "remove it, or use one of the keys allowed here: max_position_per_symbol, "
            + "max_gross_notional, daily_max_drawdown, approval_threshold or max_short_notional")
        #expect(d.fixIt == nil)
    }

    @Test func misspelledRequiredKeyIsNotAlsoReportedMissing() throws {
        let top = try only(check(Self.sma, replacing: "symbols:", with: "symbol:"))
        #expect(top.code == .unknownKey && top.message == "unknown key 'symbol' at the top level")
        let inSize = try only(check(Self.sma, replacing: "{ percent_of_equity: 100 }", with: "{ percent_of_equty: 100 }"))
        #expect(inSize.code == .unknownKey && inSize.help == "did you mean 'percent_of_equity'?")
    }

    @Test func missingKeyPointsAtTheItemsFirstKeyAndNamesTheRule() throws {
        let d = try only(check(Self.sma, replacing: "    when: crosses_below(sma(close, fast), sma(close, slow))\n", with: ""))
        #expect(d.code == .missingKey)
        #expect(d.message == "missing required key 'when' in rule 'exit-long'")
        #expect(d.span == SourceSpan(file: "f.yaml", line: 14, column: 5, length: 2))
        #expect(d.help == "add 'when: close > sma(close, 20)'")
    }

    @Test func missingKeyInAnEmptyMappingPointsAtItsKey() throws {
        let d = try only(check(Self.limits, replacing: "{ percent: 3 }", with: "{}"))
        #expect(d.message == "missing required key 'percent' in limits › daily_max_drawdown")
        #expect(d.span == SourceSpan(file: "f.yaml", line: 6, column: 3, length: 18))
        #expect(d.help == "add 'percent: 3'")
    }

    @Test func itemsWithoutAnIdAreNamedByPosition() throws {
        let d = try only(check(Self.sma, replacing: "  - id: exit-long\n    when", with: "  - when"))
        #expect(d.message == "missing required key 'id' in rules › item 2")
    }

    @Test func wrongTypeReportsOnlyTheTypeError() throws {
        let list = try only(check(Self.sma, replacing: "symbols: [SPY]", with: "symbols: spy"))
        #expect(list.code == .wrongType)
        #expect(list.message == "wrong kind of value for 'symbols'")
        #expect(list.help == "expected a list, got text 'spy', for example [SPY]")
        let number = try only(check(Self.sma, replacing: "percent_of_equity: 100", with: "percent_of_equity: ten"))
        #expect(number.message == "wrong kind of value for 'percent_of_equity' in rule 'enter-long' › size")
        #expect(number.help == "expected a number, got text 'ten', for example 100")
        #expect(number.span == SourceSpan(file: "f.yaml", line: 13, column: 32, length: 3))
        let boolean = try only(check(Self.sma, replacing: "fast: 10", with: "fast: true"))
        #expect(boolean.help == "expected a number, got true, for example 10")
    }

    @Test func emptyValuePointsAtItsKey() throws {
        let d = try only(check(Self.sma, replacing: "    size: { percent_of_equity: 100 }", with: "    size:"))
        #expect(d.code == .wrongType)
        #expect(d.message == "no value for 'size' in rule 'enter-long'")
        #expect(d.span.start == SourceLocation(line: 13, column: 5))
    }

    @Test func valueNotAllowedSuggestsTheClosestAndListsTheRest() throws {
        let close = try only(check(Self.sma, replacing: "timeframe: 1Day", with: "timeframe: 1day"))
        #expect(close.code == .valueNotAllowed)
        #expect(close.message == "'1day' is not an allowed value for 'timeframe'")
        #expect(close.help == "did you mean '1Day'? allowed: 1Min, 5Min, 15Min, 30Min, 1Hour or 1Day")
        #expect(close.fixIt?.replacement == "1Day")
        let far = try only(check(Self.limits, replacing: "outcome: block", with: "outcome: deny"))
        #expect(far.help == "allowed: allow, needs_approval or block")
        #expect(far.message == "'deny' is not an allowed value for 'outcome' in rule 'no-penny-stocks'")
    }

    @Test func outOfRangeStatesTheWholeRange() throws {
        let d = try only(check(Self.limits, replacing: "{ percent: 3 }", with: "{ percent: 300 }"))
        #expect(d.code == .outOfRange)
        #expect(d.help == "must be greater than 0 and at most 100, got 300")
        let zero = try only(check(Self.sma, replacing: "percent_of_equity: 100", with: "percent_of_equity: 0"))
        #expect(zero.help == "must be greater than 0, got 0")
    }

    @Test func badFormatUsesTheSchemasOwnHelp() throws {
        let name = try only(check(Self.sma, replacing: "strategy: sma-crossover", with: "strategy: SMA Crossover"))
        #expect(name.code == .badFormat)
        #expect(name.message == "'strategy' does not have the expected form")
        #expect(name.help?.hasSuffix("like sma-crossover") == true)
        let key = try only(check(Self.sma, replacing: "  fast: 10", with: "  Fast: 10"))
        #expect(key.message == "key 'Fast' in params does not have the expected form")
        #expect(key.span == SourceSpan(file: "f.yaml", line: 7, column: 3, length: 4))
        let empty = try only(check(Self.limits, replacing: "when: price < 5", with: "when: ''"))
        #expect(empty.message == "'when' in rule 'no-penny-stocks' must not be empty")
        #expect(empty.help == "write a condition about the order, like price < 5")
    }

    @Test func listProblemsPointAtTheListOrTheRepeat() throws {
        let empty = try only(check(Self.sma, replacing: "symbols: [SPY]", with: "symbols: []"))
        #expect(empty.code == .badListLength)
        #expect(empty.message == "'symbols' needs at least 1 item")
        let repeated = try only(check(Self.sma, replacing: "symbols: [SPY]", with: "symbols: [SPY, QQQ, SPY]"))
        #expect(repeated.message == "'SPY' appears more than once in 'symbols'")
        #expect(repeated.span.start == SourceLocation(line: 4, column: 21))
        #expect(repeated.help == "remove this repeat; 'SPY' is already item 1")
    }

    @Test func oneOfRequiredBranchesBecomeExactlyOneOf() throws {
        let none = try only(check(Self.sma, replacing: "{ percent_of_equity: 100 }", with: "{ fractional: true }"))
        #expect(none.code == .exactlyOneOf)
        #expect(none.message == "'size' in rule 'enter-long' needs exactly one of percent_of_equity, shares or notional")
        #expect(none.span == SourceSpan(file: "f.yaml", line: 13, column: 5, length: 4))
        #expect(none.help == "add one of them, for example 'percent_of_equity: 100'")
        let two = try only(check(Self.limits, replacing: "{ notional: 25000 }", with: "{ notional: 25000, percent_of_equity: 5 }"))
        #expect(two.message == "'max_position_per_symbol' in limits has more than one of notional or percent_of_equity")
        #expect(two.span.start == SourceLocation(line: 4, column: 47))
        #expect(two.help == "'notional' and 'percent_of_equity' cannot be used together; keep one and remove the other")
    }

    @Test func wholeSharesUnlessFractional() throws {
        let d = try only(check(Self.sma, replacing: "{ percent_of_equity: 100 }", with: "{ shares: 2.5 }"))
        #expect(d.code == .schemaViolation)
        #expect(d.message == "'shares' in rule 'enter-long' › size must be a whole number")
        #expect(d.help == "got 2.5; buy whole shares, or add 'fractional: true' to the size to allow fractions of a share")
        #expect(try check(Self.sma, replacing: "{ percent_of_equity: 100 }", with: "{ shares: 2.5, fractional: true }").isEmpty)
        #expect(try check(Self.sma, replacing: "{ percent_of_equity: 100 }", with: "{ shares: 2 }").isEmpty)
    }

    @Test func severalMistakesComeSortedAndEachOnce() throws {
        let text = Self.sma
            .replacingOccurrences(of: "action: sell_all", with: "action: sell_everything")
            .replacingOccurrences(of: "symbols: [SPY]", with: "symbols: [spy]")
            .replacingOccurrences(of: "timeframe: 1Day", with: "timeframe: 1Day\nextra: 1")
        let diagnostics = SchemaTestSupport.validate(text, path: "f.yaml").diagnostics
        #expect(diagnostics.map(\.code) == [.badFormat, .unknownKey, .valueNotAllowed])
        #expect(diagnostics == diagnostics.sorted(by: Diagnostic.ordered))
        #expect(SchemaTestSupport.validate(text, path: "f.yaml").diagnostics == diagnostics)
    }
}
