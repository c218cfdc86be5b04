import Foundation
import Policy
import RuleLanguage
import Testing
@testable import Engine
import Vocabulary

/// The fill model's edge cases, each small enough to check by hand.
@Suite struct FillModelTests {
    func intent(_ side: Side, _ action: Action = .buy, qty: Double? = nil, notional: Double? = nil,
                fractional: Bool = false) -> OrderIntent {
        OrderIntent(strategy: "s", symbol: "XYZ", ruleId: "r", time: 0, utcOffset: nil, side: side, action: action,
                    qty: qty, notional: notional, price: 100, fractional: fractional)
    }

    @Test func commissionIsTheLargerOfMinimumAndFee() {
        let s = ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, commissionPercent: 0.1)
        // 10 × 0.005 + 0.1 % × 1,000 = 0.05 + 1 = 1.05
        #expect(abs(s.commission(qty: 10, price: 100) - 1.05) < 1e-12)
        // 1 × 0.005 + 0.1 % × 5 = 0.01 → the minimum, 1
        #expect(s.commission(qty: 1, price: 5) == 1)
        #expect(ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1).commission(qty: 1_000, price: 100) == 5)
        #expect(ExecutionSettings().commission(qty: 1_000, price: 100) == 0)
    }

    @Test func slippageGoesAgainstYou() throws {
        let model = FillModel(settings: ExecutionSettings(slippageBps: 10))
        let buy = try #require(model.fill(intent(.buy, qty: 10), open: 100, cash: 10_000, position: 0))
        let sell = try #require(model.fill(intent(.sell, .sell, qty: 10), open: 100, cash: 0, position: 10))
        #expect(abs(buy.price - 100.1) < 1e-12)
        #expect(abs(sell.price - 99.9) < 1e-12)
    }

    @Test func buysAreCappedByCashIncludingCommission() throws {
        // $1/share: 101 per share all in; 1,000 buys 9 (909), not 10 (1,010).
        let perShare = FillModel(settings: ExecutionSettings(commissionPerShare: 1))
        #expect(perShare.fill(intent(.buy, notional: 5_000), open: 100, cash: 1_000, position: 0)?.qty == 9)
        // $10 minimum at 99: 10 shares cost 990 + 10 = 1,000 — exactly the cash, allowed.
        let minimum = FillModel(settings: ExecutionSettings(commissionMinimum: 10))
        #expect(minimum.fill(intent(.buy, qty: 50), open: 99, cash: 1_000, position: 0)?.qty == 10)
        #expect(minimum.fill(intent(.buy, qty: 50), open: 100, cash: 1_000, position: 0)?.qty == 9)
        // Fractional: 1,000 / 300 = 3.333333 shares (rounded down to a millionth).
        let plain = FillModel(settings: ExecutionSettings())
        #expect(plain.fill(intent(.buy, notional: 1_000, fractional: true), open: 300, cash: 1_000, position: 0)?.qty == 3.333333)
    }

    @Test func nothingAffordableOrNothingToSellIsNoFill() {
        let model = FillModel(settings: ExecutionSettings())
        #expect(model.fill(intent(.buy, qty: 1), open: 100, cash: 99.99, position: 0) == nil)
        #expect(model.fill(intent(.buy, notional: 50), open: 100, cash: 10_000, position: 0) == nil)
        // The position is already gone when the sell reaches the open.
        #expect(model.fill(intent(.sell, .sell, qty: 10), open: 100, cash: 0, position: 0) == nil)
        #expect(model.fill(intent(.sell, .sellAll, qty: 10), open: 100, cash: 0, position: 0) == nil)
    }

    @Test func sellsAreCappedAtThePosition() {
        let model = FillModel(settings: ExecutionSettings())
        #expect(model.fill(intent(.sell, .sell, qty: 10), open: 100, cash: 0, position: 4)?.qty == 4)
        // sell_all sells what is held at the fill, whatever was decided.
        #expect(model.fill(intent(.sell, .sellAll, qty: 10), open: 100, cash: 0, position: 12.5)?.qty == 12.5)
        // A dollar-sized sell: $450 at 100 → 4 shares.
        #expect(model.fill(intent(.sell, .sell, notional: 450), open: 100, cash: 0, position: 10)?.qty == 4)
    }

    /// Without commissions the fill model finds the affordable shares from the price alone
    /// (`FillModel.commissionFree`); it must buy exactly what the general rule buys with every
    /// commission 0: the most shares whose cost plus `ExecutionSettings.commission` fits the
    /// cash, stepping down from cash ÷ (price × (1 + 0 %) + 0). Seeded cash and prices over
    /// many magnitudes, whole and fractional shares, and quotients that round just over a
    /// whole number.
    @Test func commissionFreeBuysWhatTheGeneralRuleBuys() {
        let settings = ExecutionSettings()
        let model = FillModel(settings: settings)
        func general(cash: Double, price: Double, fractional: Bool) -> Double {
            let perShare = price * (1 + settings.commissionPercent / 100) + settings.commissionPerShare
            var qty = ShareRounding.shares(cash / perShare, fractional: fractional)
            let step = fractional ? 0.000001 : 1
            while qty > 0, qty * price + settings.commission(qty: qty, price: price) > cash + 1e-9 { qty -= max(step, qty.ulp) }
            return max(qty, 0)
        }
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var cases: [(Double, Double)] = [(0.3, 0.1), (1, 0.1), (10_000, 100), (10_000, 33.33), (1e12, 1e-6), (100, 100.000_000_01)]
        for _ in 0..<3_000 { cases.append((pow(10, next() * 9 - 1), pow(10, next() * 6 - 3))) }
        for (cash, price) in cases {
            for fractional in [false, true] {
                let expected = general(cash: cash, price: price, fractional: fractional)
                let filled = model.fill(OrderFigures(side: .buy, action: .buy, qty: nil, notional: 1e300, price: price, fractional: fractional),
                                        open: price, cash: cash, position: 0)
                #expect(filled?.qty ?? 0 == expected, "cash \(cash), price \(price), fractional \(fractional)")
                #expect(filled.map { $0.commission == 0 } ?? true)
            }
        }
    }
}
