import Testing
@testable import Policy
import RuleLanguage
import Vocabulary

/// The engine judges backtest orders with `outcome(of:symbol:account:statuses:)`, which
/// allocates nothing, and rebuilds the full decision with `evaluate` for reports and the
/// audit. Both must say the same thing: over many seeded random orders and accounts
/// (NaN included, so fail-closed errors appear) the outcome and every check's status agree.
@Suite struct CompactOutcomeTests {
    @Test func compactOutcomeAndStatusesEqualTheFullDecision() throws {
        let policy = CompiledPolicy(try #require(Linter().lint(text: PolicyEvaluationTests.limits + "\n" + """
              - id: flag-exits
                when: reduces_position and symbol in ["QQQ"] or action == "sell_all" and qty > 90
                outcome: needs_approval
                reason: a look at big exits
              - id: no-cash
                when: cash - notional < -(equity * 0.1)
                outcome: block
                reason: no borrowing
            """, path: "rules/test.yaml").policy))
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        func figure(_ scale: Double) -> Double { next() < 0.04 ? .nan : (next() * scale).rounded() }
        let statuses = UnsafeMutablePointer<UInt8>.allocate(capacity: policy.checkCount)
        defer { statuses.deallocate() }
        var outcomes: [Outcome: Int] = [:]
        for _ in 0..<5_000 {
            let action: Action = [.buy, .sell, .sellAll][Int(next() * 3)]
            let figures = OrderFigures(side: action == .buy ? .buy : .sell, action: action,
                                       qty: action == .buy && next() < 0.7 ? nil : figure(200), notional: action == .buy ? figure(60_000) : nil,
                                       price: next() < 0.03 ? .nan : 1 + figure(300), fractional: next() < 0.5)
            let account = AccountSnapshot(cash: figure(80_000), equity: figure(120_000), dayStartEquity: figure(120_000),
                                          grossExposure: figure(90_000), position: next() < 0.4 ? 0 : figure(300), mark: 1 + figure(300))
            let symbol = ["SPY", "QQQ", "AAPL"][Int(next() * 3)]
            let full = policy.evaluate(OrderIntent(strategy: "s", symbol: symbol, ruleId: "r", time: 0, utcOffset: nil, figures: figures),
                                       account: account)
            let outcome = policy.outcome(of: figures, symbol: symbol, account: account, statuses: statuses)
            #expect(outcome == full.outcome)
            #expect((0..<policy.checkCount).map { statuses[$0] } == full.checks.map(\.status.byte))
            outcomes[outcome, default: 0] += 1
        }
        // The random orders reach every outcome, so the comparison covers them all.
        #expect(outcomes.count == 3 && outcomes.values.allSatisfy { $0 > 100 })
    }

    /// The engine's path judges the limits from the figures (`LimitChecks.judge`) without a
    /// `CheckResult` each, and builds the rules' inputs only when there are rules. Over a grid
    /// of figures at and around every threshold — NaN, ±∞, 0, −0, negative prices, exactly the
    /// limit and a hair over it (inside and outside the 1e-9 tolerance) — for every side and
    /// five policies (every limit set by notional; by percent of equity with shorts allowed;
    /// nothing set; shorts allowed up to 0 and a rule reading the symbol; a rule per order
    /// value, each a single comparison), it must give the full decision's outcome and
    /// every status byte.
    @Test func compactOutcomeAgreesAtEveryEdge() throws {
        let policies = try [
            PolicyEvaluationTests.limits,
            """
            policy: percent
            limits:
              max_position_per_symbol: { percent_of_equity: 100 }
              max_gross_notional: 50000
              daily_max_drawdown: { percent: 3 }
              max_short_notional: 10000
            """,
            "policy: open\nlimits: {}\n",
            """
            policy: zero-shorts
            limits:
              max_short_notional: 0
              approval_threshold: { notional: 1 }
            rules:
              - id: only-spy
                when: symbol != "SPY" or limit_price > 0
                outcome: needs_approval
                reason: a look
            """,
            Self.comparisonsPolicy,
        ].map { CompiledPolicy(try #require(Linter().lint(text: $0, path: "rules/test.yaml").policy)) }
        // The last policy's rules are judged from the figures, the others' through their inputs.
        #expect(policies.map(\.judgesRulesFromFigures) == [false, false, false, false, true])
        let orders: [(Side, Action)] = [(.buy, .buy), (.sell, .sell), (.sell, .sellAll), (.sellShort, .sellShort),
                                        (.buyToCover, .buyToCover), (.buyToCover, .coverAll)]
        let prices: [Double] = [100, 5, 4.99, 0, -0.0, -1, .nan, .infinity, -.infinity]
        // 25,000 and 10,000 at a price of 100: the position and approval limits exactly, and just over.
        let amounts: [Double] = [250, 250.000_000_000_01, 250.000_1, 100, 0, -5, .nan, .infinity]
        let notionals: [Double] = [10_000, 10_000.000_000_001, 10_000.000_01, 25_000, 50_000, 0, .nan, .infinity]
        let positions: [Double] = [0, 100, -100, 250, -.nan, .infinity]
        let accounts = [
            AccountSnapshot(cash: 50_000, equity: 50_000, dayStartEquity: 50_000, grossExposure: 0, position: 0, mark: 100),
            // 3 % down exactly: the drawdown limit passes only below it.
            AccountSnapshot(cash: 48_500, equity: 48_500, dayStartEquity: 50_000, grossExposure: 25_000, position: 0, mark: .nan),
            AccountSnapshot(cash: 0, equity: 25_000, dayStartEquity: 0, grossExposure: 75_000, position: 0, mark: 100),
            AccountSnapshot(cash: .nan, equity: .nan, dayStartEquity: .nan, grossExposure: .nan, position: 0, mark: .infinity),
            AccountSnapshot(cash: 1e308, equity: .infinity, dayStartEquity: 1, grossExposure: .infinity, position: 0, mark: 4),
        ]
        let statuses = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
        defer { statuses.deallocate() }
        var compared = 0, disagreements = 0
        var seen: Set<[UInt8]> = []
        for policy in policies {
            for (side, action) in orders {
                for price in prices {
                    for amount in amounts + notionals {
                        let byNotional = notionals.contains { $0.bitPattern == amount.bitPattern } && side.opens
                        var figures = OrderFigures(side: side, action: action, qty: byNotional ? nil : amount,
                                                   notional: byNotional ? amount : nil, price: price, fractional: false)
                        if amount == 100 { figures.orderType = .limit; figures.limitPrice = price }
                        if amount == 0 { figures.orderType = .stop; figures.stopPrice = price }
                        for base in accounts {
                            for position in positions {
                                var account = base
                                account.position = position
                                for symbol in ["SPY", "QQQ"] {
                                    let full = policy.evaluate(OrderIntent(strategy: "s", symbol: symbol, ruleId: "r", time: 0,
                                                                           utcOffset: nil, figures: figures), account: account)
                                    let outcome = policy.outcome(of: figures, symbol: symbol, account: account, statuses: statuses)
                                    let bytes = (0..<policy.checkCount).map { statuses[$0] }
                                    if outcome != full.outcome || bytes != full.checks.map(\.status.byte) { disagreements += 1 }
                                    seen.insert(bytes)
                                    compared += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(disagreements == 0, "\(disagreements) of \(compared) orders judged differently")
        // Every limit and every comparison rule passes, fails and errs somewhere in the grid
        // (so each comparison is exercised).
        for limit in BuiltInLimit.allCases {
            for status in CheckStatus.allCases {
                #expect(seen.contains { $0[limit.index] == status.byte }, "\(limit) never gave \(status)")
            }
        }
        let comparisons = policies[4]
        for check in BuiltInLimit.count..<comparisons.checkCount {
            for status in CheckStatus.allCases {
                #expect(seen.contains { $0.count == comparisons.checkCount && $0[check] == status.byte },
                        "\(comparisons.ruleIDs[check]) never gave \(status)")
            }
        }
    }

    /// One rule per order value, each a single comparison with a number (the number first in
    /// one), so the engine's path judges them from the figures (`CompiledPolicyRule.comparison`).
    static let comparisonsPolicy = "policy: comparisons\nlimits:\n  max_position_per_symbol: { notional: 25000 }\nrules:\n"
        + [("qty > 200", "block"), ("notional >= 20000", "needs_approval"), ("5 > price", "block"),
           ("position < -50", "block"), ("position_after > 300", "needs_approval"),
           ("position_value_after > 30000", "block"), ("gross_exposure_after >= 90000", "needs_approval"),
           ("drawdown_today > 2", "block"), ("equity < 30000", "needs_approval"), ("cash <= 0", "block"),
           ("limit_price != 100", "needs_approval"), ("stop_price == 5", "block"),
           ("short_value_after > 5000", "needs_approval")].enumerated().map { rule in
            "  - id: rule-\(rule.offset)\n    when: \(rule.element.0)\n    outcome: \(rule.element.1)\n    reason: a comparison\n"
        }.joined()
}
