import Foundation
import Testing
@testable import Alpaca

/// The fields of exit orders (`order_class`, `legs`, `trail_percent`, `trail_price`, `hwm`)
/// decode from every Alpaca fixture that carries them, and from bracket and trailing-stop
/// answers shaped from those fixtures (the fixtures hold no filled-in bracket).
@Suite struct ExitOrderDecodingTests {
    static let orderFixtures = ["order_limit_gtc_accepted.json", "order_crypto_limit_pending_new.json",
                                "order_notional_market_accepted.json", "close_position_order.json"]

    private func object(_ fixture: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Fixtures.data(fixture)) as! [String: Any]
    }

    private func decode(_ object: Any) throws -> Order {
        try AlpacaJSON.decoder().decode(Order.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test func everyOrderFixtureDecodesItsExitFieldsAsAbsent() throws {
        for fixture in Self.orderFixtures {
            let order = try decode(object(fixture))
            #expect(order.legs == nil && order.hwm == nil, "\(fixture)")
            #expect(order.trailPercent == nil && order.trailPrice == nil, "\(fixture)")
            #expect(order.orderClass?.isSimple == true && order.group.count == 1, "\(fixture)")
        }
        let update = try object("stream_trade_update_fill.json")
        let filled = try decode((update["data"] as! [String: Any])["order"]!)
        #expect(filled.status == .filled && filled.legs == nil && filled.filledAvgPrice == "105.8988475")

        let closeAll = try JSONSerialization.jsonObject(with: Fixtures.data("close_all_positions_207.json")) as! [[String: Any]]
        let bodies = closeAll.filter { $0["status"] as? Int == 200 }.map { $0["body"]! }
        #expect(!bodies.isEmpty)
        for body in bodies { #expect(try decode(body).orderClass?.isSimple == true) }
    }

    @Test func aBracketDecodesWithItsHeldLegs() throws {
        var parent = try object("order_limit_gtc_accepted.json")
        var target = parent
        target.merge(["id": "a1a1a1a1-0000-4000-8000-000000000002", "client_order_id": "b2b2b2b2-0000-4000-8000-000000000003",
                      "order_class": "bracket", "side": "sell", "type": "limit", "order_type": "limit",
                      "limit_price": "160", "status": "held"]) { $1 }
        var stop = parent
        stop.merge(["id": "a1a1a1a1-0000-4000-8000-000000000004", "client_order_id": "b2b2b2b2-0000-4000-8000-000000000005",
                    "order_class": "bracket", "side": "sell", "type": "stop", "order_type": "stop",
                    "limit_price": NSNull(), "stop_price": "140", "status": "held"]) { $1 }
        parent["order_class"] = "bracket"
        parent["legs"] = [target, stop]
        let order = try decode(parent)
        #expect(order.orderClass == .bracket && order.orderClass?.hasExitLegs == true)
        let legs = try #require(order.legs)
        #expect(legs.map(\.status) == [.held, .held])
        #expect(legs.map(\.type) == [.limit, .stop] && legs.allSatisfy { $0.side == .sell })
        #expect(legs[0].limitPrice == "160" && legs[1].stopPrice == "140" && legs[1].limitPrice == nil)
        #expect(order.group.map(\.id) == [order.id, legs[0].id, legs[1].id])
    }

    @Test func aTrailingStopDecodesItsTrailAndHighWaterMark() throws {
        var trailing = try object("close_position_order.json")
        trailing.merge(["type": "trailing_stop", "order_type": "trailing_stop", "time_in_force": "gtc", "status": "new",
                        "trail_percent": "3", "hwm": "151.25", "stop_price": "146.7125"]) { $1 }
        let order = try decode(trailing)
        #expect(order.type == .trailingStop && order.trailPercent == "3" && order.trailPrice == nil)
        #expect(order.hwm == "151.25" && order.stopPrice == "146.7125")
        trailing["trail_percent"] = NSNull()
        trailing["trail_price"] = "2.5"
        #expect(try decode(trailing).trailPrice == "2.5")
    }
}
