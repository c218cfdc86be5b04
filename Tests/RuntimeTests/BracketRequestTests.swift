import Alpaca
import Foundation
import Policy
@testable import Runtime
import Testing
import Vocabulary

/// An entry with its exit legs as one Alpaca request: `bracket` with a stop loss and a take
/// profit, `oto` with one, the legs' prices on the tick (a take profit never worse than its
/// level), in whole shares only.
@Suite struct BracketRequestTests {
    typealias Orders = RestingOrderRequestTests

    static func leg(_ side: Side, _ type: Vocabulary.OrderType, at level: Double) throws -> ApprovedOrder {
        try Orders.approved(side: side, type: type, limit: type == .limit ? level : nil, stop: type == .stop ? level : nil)
    }

    @Test func aStopAndATargetMakeABracketOnTheTick() throws {
        let entry = try Orders.approved(type: .market, qty: 10)
        let legs = ExitLegOrders(stopLoss: try Self.leg(.sell, .stop, at: 95.005), takeProfit: try Self.leg(.sell, .limit, at: 110.001))
        let request = try #require(OrderSizing.request(for: entry, legs: legs, timeInForce: .gtc))
        #expect(request.orderClass == .bracket)
        #expect(request.stopLoss?.stopPrice.decimal == Decimal(string: "95.01"))
        #expect(request.takeProfit?.limitPrice.decimal == Decimal(string: "110.01"), "a sale's target rounds up, never below its level")
        #expect(request.timeInForce == .gtc)
        #expect(request.amount == .qty(DecimalString(10, fractionDigits: 9)!))
    }

    @Test func oneLegMakesAnOTO() throws {
        let entry = try Orders.approved(type: .market, qty: 10)
        let request = try #require(OrderSizing.request(for: entry, legs: ExitLegOrders(stopLoss: try Self.leg(.sell, .stop, at: 95)),
                                                       timeInForce: .gtc))
        #expect(request.orderClass == .oto)
        #expect(request.takeProfit == nil && request.stopLoss != nil)
    }

    /// Without legs the entry goes as it would alone, a dollar amount included.
    @Test func noLegsIsTheEntryAlone() throws {
        let entry = try Orders.approved(type: .market, qty: nil, notional: 1_000, fractional: true)
        let request = try #require(OrderSizing.request(for: entry, legs: ExitLegOrders(), timeInForce: .day))
        #expect(request == OrderSizing.request(for: entry, timeInForce: .day))
        #expect(request.orderClass.isSimple)
    }

    /// Alpaca holds legs for whole shares only: a fractional entry with legs is not sent.
    @Test func aFractionalEntryTakesNoLegs() throws {
        let entry = try Orders.approved(type: .market, qty: 2.5, fractional: true)
        #expect(OrderSizing.request(for: entry, legs: ExitLegOrders(stopLoss: try Self.leg(.sell, .stop, at: 95)), timeInForce: .gtc) == nil)
    }

    @Test func aLegIsNamedAfterItsEntry() {
        #expect(ExitLegOrders.parent(ofLeg: "algobot-0123456789abcdef-sl") == "algobot-0123456789abcdef")
        #expect(ExitLegOrders.parent(ofLeg: "algobot-0123456789abcdef-tp") == "algobot-0123456789abcdef")
        #expect(ExitLegOrders.parent(ofLeg: "algobot-0123456789abcdef") == nil)
        #expect(ExitLegOrders.leg(of: .limit) == .takeProfit && ExitLegOrders.leg(of: .stop) == .stopLoss)
    }
}
