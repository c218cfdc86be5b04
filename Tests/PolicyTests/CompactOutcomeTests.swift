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
}
