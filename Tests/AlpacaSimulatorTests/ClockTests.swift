import Foundation
import MarketData
import Testing
@testable import AlpacaSimulator
import Vocabulary

@Suite struct ClockTests {
    @Test func dailyClockSitsAtTheCloseAndCrossesDaylightTime() async throws {
        try await withSimulator(SimulatorConfig(clock: ClockConfig(startDate: "2021-03-12"))) { sim async throws in
            let clock = try await sim.get("/v2/clock")
            #expect(clock.json == .object([
                "timestamp": .string("2021-03-12T16:00:00.000000000-05:00"), "is_open": .bool(false),
                "next_open": .string("2021-03-15T09:30:00-04:00"), "next_close": .string("2021-03-15T16:00:00-04:00"),
            ]))
            let advanced = try await sim.post("/sim/advance", ["bars": 1])
            #expect(advanced["advanced"] == .int(1))
            #expect(try await sim.get("/v2/clock")["timestamp"] == .string("2021-03-15T16:00:00.000000000-04:00"))
        }
    }

    @Test func afterTheLastBarTheCalendarContinuesOnWeekdays() async throws {
        try await withSimulator(SimulatorConfig(clock: ClockConfig(startIndex: 14))) { sim async throws in
            #expect(sim.simulator.advance(bars: 5) == 0)
            #expect(sim.simulator.state().atEnd)
            #expect(try await sim.get("/v2/clock")["next_open"] == .string("2021-03-22T09:30:00-04:00"))
            let calendar = try await sim.get("/v2/calendar?start=2021-03-12&end=2021-03-23")
            #expect(calendar.array.map { $0["date"] } == ["2021-03-12", "2021-03-15", "2021-03-16", "2021-03-17", "2021-03-18",
                                                         "2021-03-19", "2021-03-22", "2021-03-23"].map { .string($0) })
            #expect(calendar.array.first?["settlement_date"] == .string("2021-03-15"))
            #expect(try await sim.get("/v2/calendar").array.count == 15)
            #expect(try await sim.get("/v2/calendar?start=soon").status == 400)
        }
    }

    @Test func intradayClockOpensAndClosesWithTheSession() async throws {
        let minute = [try SimFixtures.bars("SPY_minute.csv", symbol: "SPY")]
        try await withSimulator(series: minute) { sim async throws in
            let open = try await sim.get("/v2/clock")
            #expect(open["is_open"] == .bool(true))
            #expect(open["timestamp"] == .string("2013-10-04T15:58:00.000000000-04:00"))
            #expect(open["next_close"] == .string("2013-10-04T16:00:00-04:00"))
            let during = try await sim.buy("SPY", qty: "1")
            #expect(during["status"] == .string("new"))
            sim.simulator.advance(bars: 2)
            let closed = try await sim.get("/v2/clock")
            #expect(closed["is_open"] == .bool(false))
            #expect(closed["next_open"] == .string("2013-10-07T09:30:00-04:00"))
            let after = try await sim.buy("SPY", qty: "1")
            #expect(after["status"] == .string("accepted"))
            sim.simulator.advance()
            let filled = try await sim.get("/v2/orders/\(after["id"]!.stringValue!)")
            #expect(filled["filled_avg_price"] == .string("167.43"))
            #expect(filled["filled_at"]?.stringValue?.hasPrefix("2013-10-07T13:30:00.") == true)
        }
    }

    @Test func acceleratedClockMovesOnItsOwn() async throws {
        let config = SimulatorConfig(clock: ClockConfig(mode: .accelerated, barsPerSecond: 40))
        try await withSimulator(config) { sim async throws in
            // A bound for a clock that never moves; it moves in a tenth of a second when the
            // machine is free, and the loop ends as soon as it has.
            let deadline = Date().addingTimeInterval(30)
            while sim.simulator.state().barIndex < 4 && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
            #expect(sim.simulator.state().barIndex >= 4)
        }
    }

    @Test func timeTextParsesAlpacasForms() {
        #expect(TimeText.parse("2021-03-01T05:00:00Z") == 1_614_574_800_000_000)
        #expect(TimeText.parse("2021-03-01T00:00:00-05:00") == 1_614_574_800_000_000)
        #expect(TimeText.parse("2021-03-01T05:00:00.5Z") == 1_614_574_800_500_000)
        #expect(TimeText.parse("2021-03-01T05:00:00.123456789Z") == 1_614_574_800_123_456)
        #expect(TimeText.parse("2021-03-01") == 1_614_574_800_000_000)
        #expect(TimeText.parse("2021-03-01T05:00:00") == nil)
        #expect(TimeText.parse("tomorrow") == nil)
        // Read by the one ISO 8601 reader: a day the month does not have or an hour past 23 is
        // refused (this copy turned 2021-02-30 into March 2nd and hour 25 into the next day).
        #expect(TimeText.parse("2021-02-30") == nil)
        #expect(TimeText.parse("2021-03-01T25:00:00Z") == nil)
        #expect(TimeText.parse("2021-03-01", endOfDay: true) == 1_614_661_199_999_999)
        #expect(TimeText.utc(1_614_574_800_000_001) == "2021-03-01T05:00:00.000001Z")
        #expect(TimeText.activityPrefix(1_614_619_804_214_535) == "20210301123004214")
    }
}
