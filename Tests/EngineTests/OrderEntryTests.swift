import Policy
import RuleLanguage
import Testing
import Vocabulary
@testable import Engine

/// A decision's record keeps the order's figures packed (`PackedOrder`: flags and NaN for
/// what an order does not give) and the policy judges them where they lie. The record must
/// give back exactly the figures it was made from, and the policy must judge the packed
/// figures in the record as it judges the figures themselves.
struct OrderEntryTests {
    private static var everyShape: [OrderFigures] {
        var shapes: [OrderFigures] = []
        for action in Action.allCases {
            for (qty, notional) in [(Double?(12), Double?.none), (nil, 2_500), (3.5, 350), (nil, nil), (0, nil), (nil, .nan)] {
                for type in OrderType.allCases {
                    for reason in [ExitReason?.none] + ExitReason.allCases.map(Optional.some) {
                        var f = OrderFigures(side: action.side, action: action, qty: qty, notional: notional, price: 101.25,
                                             fractional: qty == 3.5)
                        f.orderType = type
                        f.limitPrice = type.needsLimitPrice ? 100.5 : nil
                        f.stopPrice = type.needsStopPrice ? 99.75 : nil
                        f.exitReason = reason
                        f.reversing = reason == nil && (action == .sellAll || action == .coverAll)
                        shapes.append(f)
                    }
                }
            }
        }
        return shapes
    }

    private static let account = AccountSnapshot(cash: 4_000, equity: 10_000, dayStartEquity: 10_400, grossExposure: 6_000,
                                                 position: 40, mark: 150)

    @Test func anEntryGivesBackTheFiguresItWasMadeFrom() {
        for f in Self.everyShape {
            let entry = OrderEntry(symbol: 2, rule: 1, bar: 7, figures: f, account: Self.account)
            let back = entry.figures
            // NaN is not equal to itself: compare the amounts by their bits.
            #expect(back.qty?.bitPattern == f.qty?.bitPattern)
            #expect(back.notional?.bitPattern == f.notional?.bitPattern)
            #expect(back.side == f.side && back.action == f.action && back.price == f.price && back.fractional == f.fractional)
            #expect(back.orderType == f.orderType && back.limitPrice == f.limitPrice && back.stopPrice == f.stopPrice)
            #expect(back.exitReason == f.exitReason && back.reversing == f.reversing)
            #expect(entry.side == f.side && entry.orderType == f.orderType && entry.exitReason == f.exitReason)
        }
    }

    /// The engine's judgement (`OrderEntry.judge`: the packed figures and the account read
    /// in the record) against `CompiledPolicy.evaluate` on the same figures, which judges an
    /// `OrderIntent` with words: the same outcome and status bytes, for every shape under a
    /// policy whose limits and comparison rules all come into play.
    @Test func anEntryIsJudgedAsItsFiguresAre() throws {
        let yaml = """
        policy: entry-judged
        limits:
          max_position_per_symbol: { notional: 9000 }
          max_gross_notional: 12000
          daily_max_drawdown: { percent: 5 }
          approval_threshold: { notional: 1000 }
          max_short_notional: 3000
        rules:
          - id: no-pennies
            when: price < 5
            outcome: block
            reason: too easy to move
          - id: limit-above-close
            when: limit_price > 100
            outcome: needs_approval
            reason: a look
        """
        let policy = try #require(Linter().lint(text: yaml, path: "entry.yaml").policy)
        let compiled = CompiledPolicy(policy)
        let statuses = UnsafeMutablePointer<UInt8>.allocate(capacity: compiled.checkCount)
        defer { statuses.deallocate() }
        for f in Self.everyShape {
            var entry = OrderEntry(symbol: 0, rule: 0, bar: 0, figures: f, account: Self.account)
            let outcome = entry.judge(by: compiled, symbol: "SPY", statuses: statuses)
            let full = compiled.evaluate(OrderIntent(strategy: "s", symbol: "SPY", ruleId: "r", time: 0, utcOffset: nil, figures: f),
                                         account: Self.account)
            #expect(outcome == full.outcome)
            #expect((0..<compiled.checkCount).map { statuses[$0] } == full.checks.map(\.status.byte))
        }
    }
}
