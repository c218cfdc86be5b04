import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

/// Bars over loopback: SPY and AAPL daily 2021-03-01 … 2021-03-19 (15 sessions each; DST
/// starts on 2021-03-14), and SPY minute bars around the 2013-10-04 close and 2013-10-07 open.
@Suite struct MarketDataTests {
    static let allVisible = SimulatorConfig(clock: ClockConfig(startIndex: 14))

    @Test func multiSymbolPagesChainInSymbolThenTimeOrder() async throws {
        try await withSimulator(Self.allVisible) { sim async throws in
            var collected: [(String, String)] = []
            var token: String?
            var pages = 0
            repeat {
                var path = "/v2/stocks/bars?symbols=SPY,AAPL&timeframe=1Day&start=2021-03-01&end=2021-03-31&limit=10"
                if let token { path += "&page_token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                let page = try await sim.get(path)
                #expect(page.status == 200)
                for symbol in (page["bars"]?.keys ?? []).sorted() {
                    for bar in page["bars"]![symbol]!.arrayValue! { collected.append((symbol, bar["t"]!.stringValue!)) }
                }
                token = page["next_page_token"]?.stringValue
                pages += 1
            } while token != nil && pages < 10
            #expect(pages == 3)
            #expect(collected.count == 30)
            #expect(collected.prefix(15).allSatisfy { $0.0 == "AAPL" })
            #expect(collected.suffix(15).allSatisfy { $0.0 == "SPY" })
            #expect(collected.first!.1 == "2021-03-01T05:00:00Z")
            #expect(collected[14].1 == "2021-03-19T04:00:00Z")   // after the switch to daylight time
            #expect(Set(collected.map { "\($0.0)\($0.1)" }).count == 30)
        }
    }

    @Test func aPageThatEndsExactlyAtASymbolsLastBarStillPointsOn() async throws {
        try await withSimulator(Self.allVisible) { sim async throws in
            let path = "/v2/stocks/bars?symbols=AAPL,SPY&timeframe=1Day&start=2021-03-01&limit=15"
            let first = try await sim.get(path)
            #expect(first["bars"]?.keys == ["AAPL"])
            let token = try #require(first["next_page_token"]?.stringValue)
            #expect(String(data: Data(base64Encoded: token)!, encoding: .utf8) == "AAPL|D|2021-03-19T04:00:00.000000000Z")
            let second = try await sim.get(path + "&page_token=\(token)")
            #expect(second["bars"]?.keys == ["SPY"])
            #expect(second["bars"]?["SPY"]?.arrayValue?.count == 15)
            #expect(second["next_page_token"] == .null)
        }
    }

    @Test func barValuesAreNumbersFromTheCSV() async throws {
        try await withSimulator(Self.allVisible) { sim async throws in
            let reply = try await sim.get("/v2/stocks/SPY/bars?timeframe=1D&start=2021-03-01&end=2021-03-01")
            let bar = try #require(reply["bars"]?.arrayValue?.first)
            #expect(bar["t"] == .string("2021-03-01T05:00:00Z"))
            #expect(bar["o"] == .number(385.65))
            #expect(bar["c"] == .number(389.58))
            #expect(bar["v"] == .int(94752970))
            #expect(bar["n"]?.kind == "number")
            #expect(bar["vw"]?.kind == "number")
            #expect(reply["next_page_token"] == .null)
        }
    }

    @Test func descendingSortAndLimit() async throws {
        try await withSimulator(Self.allVisible) { sim async throws in
            let reply = try await sim.get("/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2021-03-01&sort=desc&limit=3")
            let times = reply["bars"]?["AAPL"]?.arrayValue?.compactMap { $0["t"]?.stringValue } ?? []
            #expect(times == ["2021-03-19T04:00:00Z", "2021-03-18T04:00:00Z", "2021-03-17T04:00:00Z"])
            let token = try #require(reply["next_page_token"]?.stringValue)
            let next = try await sim.get("/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2021-03-01&sort=desc&limit=3&page_token=\(token)")
            #expect(next["bars"]?["AAPL"]?.arrayValue?.first?["t"] == .string("2021-03-16T04:00:00Z"))
        }
    }

    @Test func barsAfterTheSimulatedTimeAreNeverVisible() async throws {
        try await withSimulator(SimulatorConfig(clock: ClockConfig(startIndex: 5))) { sim async throws in
            let path = "/v2/stocks/bars?symbols=SPY&timeframe=1Day&start=2021-03-01&end=2021-03-31"
            let early = try await sim.get(path)
            #expect(early["bars"]?["SPY"]?.arrayValue?.count == 6)
            #expect(try await sim.get("/v2/stocks/SPY/bars/latest")["bar"]?["t"] == .string("2021-03-08T05:00:00Z"))
            sim.simulator.advance(bars: 2)
            #expect(try await sim.get(path)["bars"]?["SPY"]?.arrayValue?.count == 8)
            // Without `start`, Alpaca begins at the start of the current day.
            let today = try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Day")
            #expect(today["bars"]?["SPY"]?.arrayValue?.map { $0["t"] } == [.string("2021-03-10T05:00:00Z")])
        }
    }

    @Test func intradayBarsAggregateAndStopAtTheSimulatedTime() async throws {
        let minute = [try SimFixtures.bars("SPY_minute.csv", symbol: "SPY")]
        try await withSimulator(SimulatorConfig(clock: ClockConfig(startIndex: 14)), series: minute) { sim async throws in
            let five = try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=5Min&start=2013-10-07")
            let bars = five["bars"]?["SPY"]?.arrayValue ?? []
            #expect(bars.map { $0["t"] } == [.string("2013-10-07T13:30:00Z"), .string("2013-10-07T13:35:00Z"),
                                             .string("2013-10-07T13:40:00Z")])
            #expect(bars.first?["o"] == .number(167.43))
            #expect(bars.last?["v"]?.intValue ?? 0 > 0)
            let daily = try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Day&start=2013-10-01")
            #expect(daily["bars"]?["SPY"]?.arrayValue?.map { $0["t"] } == [.string("2013-10-04T04:00:00Z"), .string("2013-10-07T04:00:00Z")])
            #expect(daily["bars"]?["SPY"]?.arrayValue?.first?["c"] == .number(168.89))
            #expect(try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Week").status == 400)
        }
    }

    @Test func badParametersAre400() async throws {
        try await withSimulator { sim async throws in
            #expect(try await sim.get("/v2/stocks/bars?timeframe=1Day").status == 400)
            #expect(try await sim.get("/v2/stocks/bars?symbols=SPY").status == 400)
            #expect(try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Min").status == 400)
            #expect(try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Day&limit=0").status == 400)
            #expect(try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Day&page_token=%%%").status == 400)
            #expect(try await sim.get("/v2/stocks/bars?symbols=SPY&timeframe=1Day&start=yesterday").status == 400)
            #expect(try await sim.get("/v2/stocks/NOPE/bars/latest").status == 404)
        }
    }
}
