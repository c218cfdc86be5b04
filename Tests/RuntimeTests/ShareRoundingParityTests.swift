import Policy
import RuleLanguage
import Testing
@testable import Engine
@testable import Runtime
import Vocabulary

/// Backtest fills (`FillModel`) and live orders (`OrderSizing`) round a share count by the
/// one rule, `ShareRounding`: the same size at the same price comes to the same shares in
/// both, so a backtest and a live run of one decision trade the same count.
@Suite struct ShareRoundingParityTests {
    static let counts: [Double] = [100, 99.9999999999, 99.99999, 0.7 * 10_000 / 70, 0.1234567, 2.9999999999999, 12.5, 0.4, 1e-7]

    @Test(arguments: counts, [false, true])
    func aShareSizeFillsWhatALiveOrderSends(qty: Double, fractional: Bool) throws {
        let live = OrderSizing.amount(for: try TestCores.approved(qty: qty, price: 50, fractional: fractional))?.qty ?? 0
        #expect(backtest(qty: qty, fractional: fractional) == live)
        #expect(live == ShareRounding.shares(qty, fractional: fractional))
    }

    /// Dollar sizes in shares at the price (a fractional buy goes live as dollars, so sells).
    @Test(arguments: counts, [false, true])
    func aDollarSizeFillsWhatALiveOrderSends(shares: Double, fractional: Bool) throws {
        let notional = shares * 50
        let order = try TestCores.approved(side: .sell, action: .sell, notional: notional, price: 50, fractional: fractional)
        let live = OrderSizing.amount(for: order)?.qty ?? 0
        #expect(backtest(notional: notional, side: .sell, fractional: fractional) == live)
        #expect(live == ShareRounding.shares(notional / 50, fractional: fractional))
    }

    /// The policy never lets such a count through (a figure that is not a number blocks), and
    /// live sizing sent nothing for it; the fill model's own copy of the rule filled an
    /// infinite count with all the cash there was.
    @Test(arguments: [Double.nan, .infinity])
    func aCountThatIsNotANumberFillsNothing(qty: Double) {
        #expect(backtest(qty: qty, fractional: false) == 0)
        #expect(backtest(qty: qty, fractional: true) == 0)
    }

    private func backtest(qty: Double? = nil, notional: Double? = nil, side: Side = .buy, fractional: Bool) -> Double {
        let intent = OrderIntent(strategy: "t", symbol: "AAA", ruleId: "r", time: 0, utcOffset: nil, side: side,
                                 action: side == .buy ? .buy : .sell, qty: qty, notional: notional, price: 50, fractional: fractional)
        return FillModel(settings: ExecutionSettings()).fill(intent, open: 50, cash: 1e12, position: 1e6)?.qty ?? 0
    }
}
