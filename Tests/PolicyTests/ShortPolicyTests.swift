import Testing
@testable import Policy
import RuleLanguage
import Vocabulary

/// Issue 15's policy for shorts: `max_short_notional` (absent means 0: every short blocked,
/// with the line to add), covers passing the built-in limits, absolute values in the per-symbol
/// and gross limits, and user rules reading `side == "sell_short"`.
@Suite struct ShortPolicyTests {
    static let noShorts = """
    policy: no-shorts
    limits:
      max_position_per_symbol: { notional: 25000 }
    """

    static let shorts = """
    policy: shorts
    limits:
      max_position_per_symbol: { notional: 25000 }
      max_gross_notional: 40000
      max_short_notional: 20000
    rules:
      - id: shorts-need-a-look
        when: side == "sell_short" and notional > 15000
        outcome: needs_approval
        reason: Large shorts get a second pair of eyes.
    """

    func policy(_ text: String, path: String = "rules/test.yaml") throws -> CompiledPolicy {
        CompiledPolicy(try #require(Linter().lint(text: text, path: path).policy))
    }

    func order(_ side: Side, _ action: Action, qty: Double? = nil, notional: Double? = nil, price: Double = 100) -> OrderIntent {
        OrderIntent(strategy: "s", symbol: "SPY", ruleId: "r", time: 0, utcOffset: nil, side: side, action: action,
                    qty: qty, notional: notional, price: price, fractional: false)
    }

    func account(gross: Double = 0, position: Double = 0) -> AccountSnapshot {
        AccountSnapshot(cash: 50_000, equity: 50_000, dayStartEquity: 50_000, grossExposure: gross, position: position, mark: 100)
    }

    func check(_ d: PolicyDecision, _ limit: BuiltInLimit) throws -> CheckResult {
        try #require(d.checks.first { $0.builtInLimit == limit })
    }

    @Test func withoutMaxShortNotionalEveryShortIsBlockedAndTheReasonSaysWhatToAdd() throws {
        let p = try policy(Self.noShorts, path: "rules/limits.yaml")
        let d = p.evaluate(order(.sellShort, .sellShort, qty: 1), account: account())
        #expect(d.outcome == .block)
        #expect(try check(d, .maxShortNotional).status == .fail)
        #expect(d.reason == "blocked by max_short_notional: shorting is off: this order would leave $100.00 short and the policy "
                + "sets no max_short_notional; to allow shorts, add 'max_short_notional: 10000' (dollars one symbol may be short) "
                + "under limits: in rules/limits.yaml")
    }

    @Test func withoutMaxShortNotionalLongOrdersAndCoversStillPass() throws {
        let p = try policy(Self.noShorts)
        let buy = p.evaluate(order(.buy, .buy, notional: 5_000), account: account())
        #expect(buy.outcome == .allow)
        #expect(buy.message(for: try check(buy, .maxShortNotional)) == "shorting is off (no max_short_notional set)")
        // A short left from before (or opened by hand) can always be covered.
        let cover = p.evaluate(order(.buyToCover, .coverAll, qty: 40), account: account(gross: 4_000, position: -40))
        #expect(cover.outcome == .allow)
        #expect(try check(cover, .maxShortNotional).status == .pass)
    }

    @Test func maxShortNotionalComparesTheShortAfterTheOrder() throws {
        let p = try policy(Self.shorts)
        let small = p.evaluate(order(.sellShort, .sellShort, notional: 12_000), account: account())
        #expect(small.outcome == .allow)
        #expect(small.message(for: try check(small, .maxShortNotional)) == "short position after order $12,000.00 ≤ limit $20,000.00")
        // Adding to a short counts what is already short.
        let adding = p.evaluate(order(.sellShort, .sellShort, qty: 90), account: account(gross: 12_000, position: -120))
        #expect(adding.outcome == .block)
        #expect(adding.message(for: try check(adding, .maxShortNotional)) == "short position after order $21,000.00 > limit $20,000.00")
    }

    @Test func aShortCountsAtItsAbsoluteValueInThePositionAndGrossLimits() throws {
        let p = try policy(Self.shorts)
        // $26,000 short would pass max_short_notional's 20,000? No: both block; the per-symbol limit sees |−260 × 100|.
        let big = p.evaluate(order(.sellShort, .sellShort, qty: 260), account: account())
        #expect(try check(big, .maxPositionPerSymbol).status == .fail)
        // A short of $10,000 next to $35,000 of other longs goes over the $40,000 gross limit.
        let gross = p.evaluate(order(.sellShort, .sellShort, qty: 100), account: account(gross: 35_000))
        #expect(try check(gross, .maxGrossNotional).status == .fail)
        #expect(try check(gross, .maxShortNotional).status == .pass)
        #expect(gross.outcome == .block)
    }

    @Test func coversReduceThePositionAndPassEveryBuiltInLimit() throws {
        let p = try policy(Self.shorts)
        // Far over every limit before the order: a cover still passes them all.
        let d = p.evaluate(order(.buyToCover, .buyToCover, qty: 100), account: account(gross: 90_000, position: -900))
        #expect(d.outcome == .allow)
        #expect(d.checks.filter { $0.kind == .limit }.allSatisfy { $0.status == .pass })
        #expect(d.message(for: try check(d, .maxShortNotional)) == "order only reduces the position (covers are always allowed)")
        // A cover larger than the short is cut to the short: it never turns the position long.
        let inputs = CompiledPolicy.inputs(for: order(.buyToCover, .buyToCover, qty: 500).figures, symbol: "SPY",
                                           account: account(position: -40))
        #expect(inputs.positionAfter == 0)
        #expect(inputs.reducesPosition)
    }

    @Test func userRulesSeeSellShortThroughTheVocabulary() throws {
        let p = try policy(Self.shorts)
        let d = p.evaluate(order(.sellShort, .sellShort, notional: 16_000), account: account())
        #expect(d.outcome == .needsApproval)
        #expect(d.reason.contains("shorts-need-a-look"))
        let long = p.evaluate(order(.buy, .buy, notional: 16_000), account: account())
        #expect(long.outcome == .allow)
    }

    @Test func aTypoInTheSideIsALintErrorNotARuleThatNeverFires() throws {
        let text = Self.shorts.replacingOccurrences(of: "\"sell_short\"", with: "\"short\"")
        let result = Linter().lint(text: text, path: "rules/test.yaml")
        #expect(result.policy == nil)
        #expect(result.diagnostics.contains { $0.message.contains("short") })
    }
}
