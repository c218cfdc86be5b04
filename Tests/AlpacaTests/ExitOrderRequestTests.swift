import Foundation
import Testing
@testable import Alpaca

/// Order types, classes and legs as `POST /v2/orders` takes them, Alpaca's refusals checked
/// before sending, and the one rounding of prices to Alpaca's tick.
@Suite struct ExitOrderRequestTests {
    private func body(_ request: OrderRequest) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: AlpacaJSON.encoder().encode(request)) as! [String: Any]
    }

    @Test func aBracketIsSentWithBothLegs() throws {
        let request = OrderRequest(symbol: "SPY", side: .buy, amount: .qty("100"), timeInForce: .gtc,
                                   clientOrderId: "algobot-0123456789abcdef", orderClass: .bracket,
                                   takeProfit: TakeProfit(limitPrice: "301"),
                                   stopLoss: StopLoss(stopPrice: "299", limitPrice: "298.5"))
        #expect(request.problem() == nil)
        let json = try body(request)
        #expect(json["order_class"] as? String == "bracket" && json["type"] as? String == "market")
        #expect(json["take_profit"] as? [String: String] == ["limit_price": "301"])
        #expect(json["stop_loss"] as? [String: String] == ["stop_price": "299", "limit_price": "298.5"])
        #expect(json["limit_price"] == nil && json["stop_price"] == nil)
    }

    @Test func eachOrderTypeSendsItsPrices() throws {
        let stop = try body(OrderRequest(symbol: "SPY", side: .sell, amount: .qty("3"), kind: .stop(price: "104.5")))
        #expect(stop["type"] as? String == "stop" && stop["stop_price"] as? String == "104.5" && stop["limit_price"] == nil)
        let stopLimit = try body(OrderRequest(symbol: "SPY", side: .buy, amount: .qty("3"),
                                              kind: .stopLimit(stop: "110", limit: "110.5"), timeInForce: .gtc))
        #expect(stopLimit["type"] as? String == "stop_limit")
        #expect(stopLimit["stop_price"] as? String == "110" && stopLimit["limit_price"] as? String == "110.5")
        let trailing = try body(OrderRequest(symbol: "SPY", side: .sell, amount: .qty("3"),
                                             kind: .trailingStop(.percent("3")), timeInForce: .gtc))
        #expect(trailing["type"] as? String == "trailing_stop" && trailing["trail_percent"] as? String == "3")
        #expect(trailing["trail_price"] == nil && trailing["stop_price"] == nil && trailing["order_class"] == nil)
        let byPrice = try body(OrderRequest(symbol: "SPY", side: .sell, amount: .qty("3"), kind: .trailingStop(.price("2.5"))))
        #expect(byPrice["trail_price"] as? String == "2.5" && byPrice["trail_percent"] == nil)
        let oco = OrderRequest(symbol: "SPY", side: .sell, amount: .qty("3"), kind: .limit(price: "120"), timeInForce: .gtc,
                               orderClass: .oco, takeProfit: TakeProfit(limitPrice: "120"), stopLoss: StopLoss(stopPrice: "95"))
        let ocoBody = try body(oco)
        #expect(oco.problem() == nil && ocoBody["order_class"] as? String == "oco")
    }

    @Test(arguments: [
        (OrderRequest(symbol: "SPY", side: .buy, amount: .qty("1"), orderClass: .bracket,
                      takeProfit: TakeProfit(limitPrice: "120")), "needs both"),
        (OrderRequest(symbol: "SPY", side: .buy, amount: .qty("1"), orderClass: .oto,
                      takeProfit: TakeProfit(limitPrice: "120"), stopLoss: StopLoss(stopPrice: "90")), "exactly one"),
        (OrderRequest(symbol: "SPY", side: .sell, amount: .qty("1"), kind: .trailingStop(.percent("3")),
                      orderClass: .oto, stopLoss: StopLoss(stopPrice: "90")), "trailing stop"),
        (OrderRequest(symbol: "SPY", side: .buy, amount: .qty("1"), orderClass: .bracket,
                      takeProfit: TakeProfit(limitPrice: "90"), stopLoss: StopLoss(stopPrice: "95")), "above stop_loss"),
        (OrderRequest(symbol: "SPY", side: .buy, amount: .qty("1"), kind: .limit(price: "100"), orderClass: .bracket,
                      takeProfit: TakeProfit(limitPrice: "100"), stopLoss: StopLoss(stopPrice: "95")), "base_price + 0.01"),
        (OrderRequest(symbol: "SPY", side: .buy, amount: .qty("1.5"), orderClass: .bracket,
                      takeProfit: TakeProfit(limitPrice: "120"), stopLoss: StopLoss(stopPrice: "90")), "fractional"),
        (OrderRequest(symbol: "SPY", side: .sell, amount: .qty("0.5"), kind: .stop(price: "90")), "fractional"),
        (OrderRequest(symbol: "SPY", side: .buy, amount: .qty("1"), timeInForce: .ioc, orderClass: .bracket,
                      takeProfit: TakeProfit(limitPrice: "120"), stopLoss: StopLoss(stopPrice: "90")), "day or gtc"),
        (OrderRequest(symbol: "SPY", side: .sell, amount: .qty("1"), kind: .limit(price: "11.055")), "tick"),
        (OrderRequest(symbol: "SPY", side: .sell, amount: .qty("1"), kind: .stop(price: "0.12345")), "tick"),
        (OrderRequest(symbol: "SPY", side: .sell, amount: .qty("1"), kind: .trailingStop(.percent("100"))), "below 100"),
        (OrderRequest(symbol: "SPY", side: .sell, amount: .qty("1"), kind: .limit(price: "130"), orderClass: .oco,
                      takeProfit: TakeProfit(limitPrice: "120"), stopLoss: StopLoss(stopPrice: "95")), "take_profit.limit_price"),
        (OrderRequest(symbol: "SPY", side: .buy, amount: .qty("1"), takeProfit: TakeProfit(limitPrice: "120")), "order_class"),
    ])
    func alpacasRefusalsAreCaughtBeforeSending(request: OrderRequest, words: String) {
        let problem = request.problem()
        #expect(problem?.contains(words) == true, "\(String(describing: problem))")
    }

    @Test func pricesAreRoundedToAlpacasTickInOnePlace() {
        #expect(PriceTick.rounded(104.505)?.text == "104.51")
        #expect(PriceTick.rounded(104.50499)?.text == "104.5")
        #expect(PriceTick.rounded(110.0 * 0.95)?.text == "104.5")
        #expect(PriceTick.rounded(104.501, rule: .up)?.text == "104.51")
        #expect(PriceTick.rounded(104.509, rule: .down)?.text == "104.5")
        #expect(PriceTick.rounded(0.123456)?.text == "0.1235")
        #expect(PriceTick.rounded(0.99996)?.text == "1")
        #expect(PriceTick.rounded(1.0)?.text == "1")
        #expect(PriceTick.rounded(0.00004) == nil && PriceTick.rounded(-1.0) == nil && PriceTick.rounded(Double.nan) == nil)
        #expect(PriceTick.isOnTick("11.05") && !PriceTick.isOnTick("11.055"))
        #expect(PriceTick.isOnTick("0.6013") && !PriceTick.isOnTick("0.60135") && !PriceTick.isOnTick("0"))
    }

    @Test func legClientOrderIdsAreDerivedFromTheEntry() {
        let entry = "algobot-0123456789abcdef"
        #expect(ExitLeg.allCases.map { $0.clientOrderId(parent: entry) }
            == ["algobot-0123456789abcdef-sl", "algobot-0123456789abcdef-tp",
                "algobot-0123456789abcdef-ts", "algobot-0123456789abcdef-oco"])
        let trailing = OrderRequest(symbol: "SPY", side: .sell, amount: .qty("3"), kind: .trailingStop(.percent("3")),
                                    timeInForce: .gtc, clientOrderId: ExitLeg.trailingStop.clientOrderId(parent: entry))
        #expect(trailing.problem() == nil)
    }
}
