import Testing
@testable import Policy
import RuleLanguage
import Vocabulary

/// The policy on hand-made orders: every limit, exits, user rules, fail-closed inputs.
@Suite struct PolicyEvaluationTests {
    static let limits = """
    policy: test-limits
    limits:
      max_position_per_symbol: { notional: 25000 }
      max_gross_notional: 100000
      daily_max_drawdown: { percent: 3 }
      approval_threshold: { notional: 10000 }
    rules:
      - id: no-penny-stocks
        when: price < 5
        outcome: block
        reason: Penny stocks are too easy to move.
      - id: big-sells-need-a-look
        when: side == "sell" and notional > 50000
        outcome: needs_approval
        reason: Large exits get a second pair of eyes.
    """

    let policy: CompiledPolicy

    init() throws {
        policy = CompiledPolicy(try #require(Linter().lint(text: Self.limits, path: "rules/test.yaml").policy))
    }

    func buy(notional: Double? = nil, qty: Double? = nil, price: Double = 100, symbol: String = "SPY") -> OrderIntent {
        OrderIntent(strategy: "s", symbol: symbol, ruleId: "enter", time: 0, utcOffset: nil, side: .buy, action: .buy,
                    qty: qty, notional: notional, price: price, fractional: false)
    }

    func sellAll(price: Double = 100) -> OrderIntent {
        OrderIntent(strategy: "s", symbol: "SPY", ruleId: "exit", time: 0, utcOffset: nil, side: .sell, action: .sellAll,
                    qty: nil, notional: nil, price: price, fractional: false)
    }

    func account(cash: Double = 50_000, equity: Double = 50_000, dayStart: Double = 50_000, gross: Double = 0,
                 position: Double = 0, mark: Double = 100) -> AccountSnapshot {
        AccountSnapshot(cash: cash, equity: equity, dayStartEquity: dayStart, grossExposure: gross, position: position, mark: mark)
    }

    func failing(_ d: PolicyDecision) -> [String] { d.checks.filter { $0.status != .pass }.map { d.id(of: $0) } }

    @Test func aSmallBuyPassesEverything() {
        let d = policy.evaluate(buy(notional: 9_980), account: account())
        #expect(d.outcome == .allow)
        #expect(d.approvedOrder != nil)
        #expect(d.checks.count == BuiltInLimit.count + 2)
        #expect(d.message(for: d.checks[0]) == "position after order $9,980.00 ≤ limit $25,000.00")
        #expect(d.reason == "allowed: every limit and rule passed")
    }

    @Test func positionAndGrossLimitsBlock() {
        let overPosition = policy.evaluate(buy(notional: 9_000), account: account(gross: 20_000, position: 200, mark: 100))
        #expect(overPosition.outcome == .block)
        #expect(failing(overPosition) == ["max_position_per_symbol"])
        #expect(overPosition.reason == "blocked by max_position_per_symbol: position after order $29,000.00 > limit $25,000.00")
        #expect(overPosition.approvedOrder == nil)

        let overGross = policy.evaluate(buy(notional: 5_000, symbol: "QQQ"), account: account(gross: 97_000, position: 0))
        #expect(failing(overGross) == ["max_gross_notional"])
    }

    @Test func approvalThresholdAsksForAPersonAndAnApprovalSatisfiesIt() {
        let d = policy.evaluate(buy(notional: 10_000.01), account: account())
        #expect(d.outcome == .needsApproval)
        #expect(d.approvedOrder == nil)
        let approved = policy.evaluate(buy(notional: 10_000.01), account: account(), approval: HumanApproval(by: "ops"))
        #expect(approved.approvedOrder?.approval?.by == "ops")
        // Exactly at the threshold does not need approval ("above the threshold").
        #expect(policy.evaluate(buy(notional: 10_000), account: account()).outcome == .allow)
    }

    @Test func anApprovalNeverOverridesABlock() {
        let d = policy.evaluate(buy(notional: 30_000), account: account(), approval: HumanApproval(by: "ops"))
        #expect(d.outcome == .block)
        #expect(d.approvedOrder == nil)
    }

    @Test func dailyDrawdownStopsBuysButNotExits() {
        let down = account(equity: 48_400, dayStart: 50_000, gross: 10_000, position: 100)
        let d = policy.evaluate(buy(notional: 1_000), account: down)
        #expect(failing(d) == ["daily_max_drawdown"])
        #expect(d.message(for: d.checks[2]) == "today's drawdown 3.2% ≥ limit 3% (no new buys until tomorrow)")
        #expect(policy.evaluate(sellAll(), account: down).outcome == .allow)
    }

    @Test func exitsPassEveryLimitEvenAboveThem() {
        // A position that grew above the per-symbol limit can always be sold.
        let big = account(equity: 200_000, gross: 180_000, position: 1_800, mark: 100)
        let d = policy.evaluate(sellAll(), account: big)
        #expect(d.inputs.reducesPosition)
        #expect(failing(d) == ["big-sells-need-a-look"])
        #expect(d.outcome == .needsApproval)
    }

    @Test func userRulesSeeTheOrder() {
        let penny = policy.evaluate(buy(notional: 1_000, price: 4.5), account: account())
        #expect(failing(penny) == ["no-penny-stocks"])
        let firstRule = penny.checks[BuiltInLimit.count]
        #expect(penny.message(for: firstRule) == "price < 5 is true: Penny stocks are too easy to move.")
        #expect(penny.values(for: firstRule).first?.number == 4.5)
    }

    @Test func missingFiguresFailClosed() {
        let noPrice = policy.evaluate(buy(notional: 1_000, price: .nan), account: account())
        #expect(noPrice.outcome == .block)
        #expect(noPrice.checks.contains { $0.status == .error })
        let noEquity = policy.evaluate(buy(notional: 1_000), account: account(equity: .nan))
        #expect(noEquity.outcome == .block)
        #expect(failing(noEquity).contains("daily_max_drawdown"))
    }

    @Test func limitsThatAreNotSetPassAndKeepTheirIds() throws {
        let open = CompiledPolicy(try #require(Linter().lint(text: "policy: open\nlimits: {}\n", path: "p.yaml").policy))
        let d = open.evaluate(buy(notional: 1e9), account: account())
        #expect(d.outcome == .allow)
        #expect(open.ruleIDs == BuiltInLimit.allCases.map(\.id))
        #expect(d.message(for: d.checks[3]) == "no threshold set")
    }

    @Test func percentOfEquityPositionLimit() throws {
        let yaml = "policy: p\nlimits:\n  max_position_per_symbol: { percent_of_equity: 50 }\n"
        let p = CompiledPolicy(try #require(Linter().lint(text: yaml, path: "p.yaml").policy))
        #expect(p.evaluate(buy(notional: 5_000), account: account(equity: 10_000)).outcome == .allow)
        #expect(p.evaluate(buy(notional: 5_001), account: account(equity: 10_000)).outcome == .block)
    }

    /// A limit's figure is recorded under the name policy rules read it by (`position_value_after`).
    @Test func everyLimitJudgesAFigureRulesCanRead() {
        for limit in BuiltInLimit.allCases {
            #expect(OrderValue.allCases.contains { $0.name == limit.figure }, "\(limit) judges \(limit.figure)")
        }
    }
}
