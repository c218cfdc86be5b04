import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

/// Limit, stop and stop-limit orders rest until a bar reaches them and fill by the shared
/// rules (BarFillRules): a limit buy at min(open, L) on the first bar whose low reaches L, a
/// stop at the open when the bar opens through it; `day` orders end with their session.
@Suite struct RestingOrderTests {
    @Test func aLimitBuyFillsAtTheOpenOrItsLimitOnTheFirstBarThatReachesIt() async throws {
        let bars = ExitBars.series([(100, 101, 99, 100), (101, 103, 99.5, 102), (98, 100, 97, 99)])
        try await withSimulator(series: [bars]) { sim async throws in
            let atLimit = try await sim.order(["type": "limit", "limit_price": "100", "time_in_force": "gtc"])
            let atOpen = try await sim.order(["type": "limit", "limit_price": "99", "time_in_force": "gtc"])
            #expect(atOpen.status == 200 && atOpen["limit_price"] == .string("99") && atOpen["stop_price"] == .null)
            sim.simulator.advance()
            // Bar 1: low 99.5 reaches 100 (opened at 101 above it) but not 99.
            #expect(try await sim.order(id: atLimit["id"]!.stringValue!)["filled_avg_price"] == .string("100"))
            #expect(try await sim.order(id: atOpen["id"]!.stringValue!)["status"] == .string("accepted"))
            sim.simulator.advance()
            // Bar 2 opens at 98, below 99: the open.
            #expect(try await sim.order(id: atOpen["id"]!.stringValue!)["filled_avg_price"] == .string("98"))
        }
    }

    @Test func stopsFillAtTheirLevelOrAtAGappingOpen() async throws {
        let bars = ExitBars.series([(100, 101, 99, 100), (101, 106, 100, 104), (93, 95, 92, 94), (94, 95, 93, 94)])
        try await withSimulator(series: [bars]) { sim async throws in
            #expect(try await sim.order([:]).status == 200)
            let stop = try await sim.order(["type": "stop", "stop_price": "105"], qty: "1")
            let stopLimit = try await sim.order(["type": "stop_limit", "stop_price": "102", "limit_price": "103"], qty: "1")
            #expect(stopLimit["type"] == .string("stop_limit") && stopLimit["stop_price"] == .string("102"))
            sim.simulator.advance()
            // Bar 1 opens 101 and reaches 106: the stop at 105, the stop-limit at min(max(101, 102), 103).
            #expect(try await sim.order(id: stop["id"]!.stringValue!)["filled_avg_price"] == .string("105"))
            #expect(try await sim.order(id: stopLimit["id"]!.stringValue!)["filled_avg_price"] == .string("102"))
            let protect = try await sim.order(["type": "stop", "stop_price": "95", "time_in_force": "gtc"], side: "sell")
            let tooMany = try await sim.order(["type": "stop", "stop_price": "50"], qty: "3", side: "sell")
            #expect(tooMany.status == 403 && tooMany["held_for_orders"] == .string("10"))   // 2 of 12 are free
            sim.simulator.advance()
            // Bar 2 opens at 93, through the stop at 95: filled at the open.
            let filled = try await sim.order(id: protect["id"]!.stringValue!)
            #expect(filled["status"] == .string("filled") && filled["filled_avg_price"] == .string("93"))
            #expect(try await sim.get("/v2/positions/TEST")["qty"] == .string("2"))
        }
    }

    @Test func dayStopsExpireWithTheirSessionAndGTCStopsRest() async throws {
        let bars = ExitBars.series([(100, 101, 99, 100), (100, 101, 99, 100), (100, 101, 99, 100), (100, 101, 99, 100)])
        try await withSimulator(series: [bars]) { sim async throws in
            _ = try await sim.order([:])
            sim.simulator.advance()
            let day = try await sim.order(["type": "stop", "stop_price": "90"], qty: "5", side: "sell")
            let gtc = try await sim.order(["type": "stop", "stop_price": "90", "time_in_force": "gtc"], qty: "5", side: "sell")
            sim.simulator.advance()
            #expect(try await sim.order(id: day["id"]!.stringValue!)["status"] == .string("accepted"))
            sim.simulator.advance()
            #expect(try await sim.order(id: day["id"]!.stringValue!)["status"] == .string("canceled"))
            #expect(try await sim.order(id: gtc["id"]!.stringValue!)["status"] == .string("accepted"))
        }
    }
}
