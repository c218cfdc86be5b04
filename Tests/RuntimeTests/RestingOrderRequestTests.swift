import Alpaca
import Audit
import Engine
import Foundation
import Policy
@testable import Runtime
import Testing
import Vocabulary

/// A rule's limit, stop and stop-limit orders as Alpaca requests: the type and time in force
/// the rule says, prices on Alpaca's tick (a limit never worse than the strategy's price), and
/// shares at the price the policy judged, never a dollar amount.
@Suite struct RestingOrderRequestTests {
    static func approved(side: Side = .buy, type: Vocabulary.OrderType, limit: Double? = nil, stop: Double? = nil,
                         qty: Double? = 10, notional: Double? = nil, fractional: Bool = false) throws -> ApprovedOrder {
        let core = try TestCores.make(strategy: "dip-shares.yaml", policy: "limits-open.yaml")
        var figures = OrderFigures(side: side, action: side == .buy ? .buy : .sell, qty: qty, notional: notional,
                                   price: limit ?? stop ?? .nan, fractional: fractional)
        figures.orderType = type
        figures.limitPrice = limit
        figures.stopPrice = stop
        let intent = OrderIntent(strategy: "t", symbol: "AAA", ruleId: "r", time: 0, utcOffset: nil, figures: figures)
        let decision = core.decide(intent, account: AccountSnapshot(cash: 1e6, equity: 1e6, dayStartEquity: 1e6, grossExposure: 0,
                                                                    position: 1_000, mark: limit ?? stop ?? 100))
        return try #require(decision.approvedOrder)
    }

    @Test func aLimitIsNeverWorseThanTheStrategysPriceAndAStopIsTheNearestTick() throws {
        let buy = try #require(OrderSizing.request(for: try Self.approved(type: .limit, limit: 104.505)))
        #expect(buy.type == .limit)
        #expect(buy.limitPrice?.decimal == Decimal(string: "104.5"))
        #expect(buy.timeInForce == .day)
        let sell = try #require(OrderSizing.request(for: try Self.approved(side: .sell, type: .limit, limit: 104.505)))
        #expect(sell.limitPrice?.decimal == Decimal(string: "104.51"))
        let stop = try #require(OrderSizing.request(for: try Self.approved(type: .stop, stop: 104.505), timeInForce: .gtc))
        #expect(stop.type == .stop)
        #expect(stop.stopPrice?.decimal == Decimal(string: "104.51"))
        #expect(stop.timeInForce == .gtc)
        let both = try #require(OrderSizing.request(for: try Self.approved(type: .stopLimit, limit: 0.123456, stop: 0.12)))
        #expect(both.stopPrice?.decimal == Decimal(string: "0.12"))
        #expect(both.limitPrice?.decimal == Decimal(string: "0.1234"))
        #expect(both.problem() == nil)
    }

    /// `close - 0.1` of 58.30 is 58.199999999999996 in binary: it is the tick 58.20, not 58.19.
    @Test func aPriceABinaryFractionOffATickIsThatTick() throws {
        let limit = 58.3 - 0.1
        #expect(limit < 58.2)
        let request = try #require(OrderSizing.request(for: try Self.approved(type: .limit, limit: limit)))
        #expect(request.limitPrice?.decimal == Decimal(string: "58.2"))
    }

    /// A dollar-sized fractional buy with a limit goes as shares at the limit price (Alpaca takes
    /// no notional amount for a limit order).
    @Test func aDollarSizedRestingBuyGoesAsSharesAtItsPrice() throws {
        let order = try Self.approved(type: .limit, limit: 50, qty: nil, notional: 1_000, fractional: true)
        #expect(OrderSizing.amount(for: order) == OrderSizing.Amount(qty: 20))
        let request = try #require(OrderSizing.request(for: order))
        #expect(request.amount == .qty(DecimalString(20, fractionDigits: 9)!))
        #expect(request.problem() == nil)
    }

    /// A price with no value sends nothing (the router records it as not sent).
    @Test func aLimitWithoutAValueIsNoRequest() throws {
        let order = try Self.approved(type: .limit, limit: 101, qty: 10)
        var figures = order.intent.figures
        figures.limitPrice = .nan
        #expect(OrderSizing.kind(of: OrderIntent(strategy: "t", symbol: "AAA", ruleId: "r", time: 0, utcOffset: nil,
                                                 figures: figures)) == nil)
    }

    /// An approved order of a resting rule is judged again as the order it is: its record
    /// carries the type and prices, so the rebuilt intent is that limit at that price.
    @Test func anApprovedRestingOrderIsRebuiltAsItsOwnOrder() throws {
        let core = try TestCores.make(strategy: "dip-limit.yaml", policy: "limits-open.yaml")
        var figures = OrderFigures(side: .buy, action: .buy, qty: 25, notional: nil, price: 99.5, fractional: false)
        figures.orderType = Vocabulary.OrderType.limit
        figures.limitPrice = 99.5
        let intent = OrderIntent(strategy: core.strategy.source.name, symbol: "AAA", ruleId: "buy-dip",
                                 time: CivilDate.days(year: 2024, month: 1, day: 10) * 86_400, utcOffset: nil, figures: figures)
        let decision = core.decide(intent, account: AccountSnapshot(cash: 1e4, equity: 1e4, dayStartEquity: 1e4, grossExposure: 0,
                                                                    position: 0, mark: 100))
        let rule = try #require(core.strategy.rules.first { $0.id == "buy-dip" })
        let record = DecisionRecords(mode: .paper, strategy: FileRef(name: "s", file: "s.yaml", sha256: ""),
                                     policy: FileRef(name: "p", file: "p.yaml", sha256: "")).record(decision, rule: rule, observed: [])
        let rebuilt = try IntentRebuilder.intent(from: record, core: core)
        #expect(rebuilt.figures.orderType == Vocabulary.OrderType.limit)
        #expect(rebuilt.figures.limitPrice == 99.5)
        #expect(rebuilt.price == 99.5, "judged at its limit price")
        #expect(rebuilt.clientOrderId == record.order.clientOrderId)
    }

    /// A record whose input is a market order (written before records carried order types)
    /// of a rule that rests is refused: it is sent neither as a market order nor as a limit
    /// at a price nobody recorded.
    @Test func aRestingRulesRecordWithoutItsTypeIsNotSent() throws {
        let core = try TestCores.make(strategy: "dip-limit.yaml", policy: "limits-open.yaml")
        let record = TestCores.decisionRecord(core: core, symbol: "AAA", qty: 5, price: 100)
        #expect {
            try IntentRebuilder.intent(from: record, core: core)
        } throws: { error in
            "\(error)".contains("rule buy-dip places a limit order, but the decision recorded a market order")
        }
    }
}
