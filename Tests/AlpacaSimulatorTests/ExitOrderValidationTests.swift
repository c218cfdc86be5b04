import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

/// What Alpaca refuses in an order with prices or legs, answered with its status, code and
/// words (422; 42210000 for prices against the tick or the base price, 40010001 otherwise).
@Suite struct ExitOrderValidationTests {
    static let series = [ExitBars.series([(100, 101, 99, 100), (100, 101, 99, 100)])]
    static var legs: [String: Any] { ["take_profit": ["limit_price": "110"], "stop_loss": ["stop_price": "95"]] }

    static func with(_ extra: [String: Any], _ base: [String: Any] = legs) -> [String: Any] {
        base.merging(extra) { $1 }
    }

    static var refusals: [(String, [String: Any], Int64, String)] { [
        ("a bracket without its stop", ["order_class": "bracket", "take_profit": ["limit_price": "110"]],
         40010001, "bracket orders require both take_profit and stop_loss"),
        ("a trailing stop in a bracket", with(["order_class": "bracket", "type": "trailing_stop", "trail_percent": "3"]),
         40010001, "trailing stop orders are not supported in bracket orders"),
        ("a take profit below the stop of a buy", ["order_class": "bracket", "take_profit": ["limit_price": "94"],
                                                   "stop_loss": ["stop_price": "95"]],
         40010001, "take_profit.limit_price must be greater than stop_loss.stop_price"),
        ("a take profit at the market price", with(["order_class": "bracket", "take_profit": ["limit_price": "100"]]),
         42210000, "take_profit.limit_price must be >= base_price + 0.01"),
        ("a stop above a limit entry", with(["order_class": "bracket", "type": "limit", "limit_price": "94.5"]),
         42210000, "stop_loss.stop_price must be <= base_price - 0.01"),
        ("a fractional bracket", with(["order_class": "bracket", "qty": "1.5"]),
         40010001, "fractional orders are not supported for bracket orders"),
        ("a fractional stop", ["type": "stop", "stop_price": "90", "qty": "0.5"],
         40010001, "fractional orders must be market or limit orders"),
        ("an oto with both legs", with(["order_class": "oto"]),
         40010001, "oto orders require exactly one of take_profit or stop_loss"),
        ("a market oco", with(["order_class": "oco"]), 40010001, "oco orders must be limit orders"),
        ("an ioc bracket", with(["order_class": "bracket", "time_in_force": "ioc"]), 40010001, "bracket orders must be day or gtc orders"),
        ("legs on a simple order", legs, 40010001, "take_profit and stop_loss are only for bracket, oto and oco orders"),
        ("a sub-penny take profit", with(["order_class": "bracket", "take_profit": ["limit_price": "110.005"]]),
         42210000, "invalid take_profit.limit_price 110.005. sub-penny increment does not fulfill minimum pricing criteria"),
        ("a sub-penny limit", ["type": "limit", "limit_price": "11.055"],
         42210000, "invalid limit_price 11.055. sub-penny increment does not fulfill minimum pricing criteria"),
        ("a trailing stop without a trail", ["type": "trailing_stop"],
         40010001, "trail_price or trail_percent is required for trailing_stop orders"),
        ("a trailing stop with both trails", ["type": "trailing_stop", "trail_price": "2", "trail_percent": "3"],
         40010001, "only one of trail_price or trail_percent is accepted"),
        ("a stop-limit without its limit", ["type": "stop_limit", "stop_price": "105"],
         40010001, "limit_price is required for stop_limit orders"),
        ("an options class", ["order_class": "mleg"], 40010001, "order_class \"mleg\" (options) is not supported by the simulator"),
    ] }

    @Test func alpacasRefusalsComeWithItsStatusCodeAndWords() async throws {
        try await withSimulator(series: Self.series) { sim async throws in
            for (what, fields, code, message) in Self.refusals {
                let reply = try await sim.order(fields)
                #expect(reply.status == 422, "\(what)")
                #expect(reply.json == .object(["code": .int(code), "message": .string(message)]), "\(what)")
            }
            #expect(sim.simulator.state().orders.isEmpty)
            // Four decimals below $1 are on the tick; an OCO may repeat its take profit as limit_price.
            #expect(try await sim.order(["type": "limit", "limit_price": "0.5012"]).status == 200)
            #expect(try await sim.order(Self.with(["order_class": "oto", "stop_loss": NSNull()])).status == 200)
        }
    }
}
