import AlpacaSimulator
import Foundation
import Logging
import MarketData
import Testing
import Vocabulary
@testable import Alpaca

/// The client's exit orders against the simulator over loopback HTTP: what the client sends,
/// the simulator accepts and answers in Alpaca's shapes, and the client decodes, legs and all.
@Suite struct SimulatorRoundTripTests {
    /// TEST: bar 0 closes 100; bar 1 opens 100; bar 2 reaches both 110 and 94; bar 3 quiet.
    static func series() -> BarSeries {
        var series = BarSeries(symbol: "TEST")
        let bars: [(Double, Double, Double, Double)] = [(100, 101, 99, 100), (100, 102, 99, 101), (101, 111, 94, 105),
                                                        (105, 106, 104, 105)]
        var day = CivilDate.days(year: 2024, month: 1, day: 2)
        for (open, high, low, close) in bars {
            while CivilDate.isWeekend(day) { day += 1 }
            series.times.append(day * 86400)
            series.open.append(open)
            series.high.append(high)
            series.low.append(low)
            series.close.append(close)
            series.volume.append(1000)
            day += 1
        }
        return series
    }

    func run(_ body: (AlpacaSimulator, AlpacaClient) async throws -> Void) async throws {
        let sim = try AlpacaSimulator(config: SimulatorConfig(clock: ClockConfig(mode: .manual), rateLimitPerMinute: 0),
                                      series: [Self.series()])
        let port = try await sim.start()
        let url = URL(string: "http://127.0.0.1:\(port)")!
        var logger = Logger(label: "test.alpaca")
        logger.logLevel = .critical
        let client: AlpacaClient
        do {
            client = try AlpacaClient(configuration: AlpacaConfiguration(
                tradingBaseURL: url, dataBaseURL: url,
                credentials: Credentials(keyID: SimulatorConfig.defaultKeyID, secretKey: SimulatorConfig.defaultSecretKey),
                // Wide: these tests check what the answers hold. A submit that times out is looked
                // up by client order id, and that answer has no legs (`orderGroup` has them).
                timeouts: Timeouts(connect: .seconds(10), request: .seconds(60)), retryPolicy: .fastTest, logger: logger),
                environment: [:])
        } catch {
            await sim.stop()
            throw error
        }
        do {
            try await body(sim, client)
        } catch {
            try? await client.shutdown()
            await sim.stop()
            throw error
        }
        try await client.shutdown()
        await sim.stop()
    }

    @Test func aBracketRoundTripsAndARestartFindsItsLegsThroughTheParent() async throws {
        try await run { sim, client in
            let entry = "algobot-00000000000000a1"
            let request = OrderRequest(symbol: "TEST", side: .buy, amount: .qty("10"), timeInForce: .gtc, clientOrderId: entry,
                                       orderClass: .bracket, takeProfit: TakeProfit(limitPrice: PriceTick.rounded(110.004)!),
                                       stopLoss: StopLoss(stopPrice: PriceTick.rounded(100 * 0.95)!))
            let placed = try await client.submitOrder(request)
            #expect(placed.orderClass == .bracket && placed.clientOrderId == entry)
            #expect(placed.legs?.map(\.status) == [.held, .held])
            #expect(placed.legs?.map(\.type) == [.limit, .stop])
            #expect(placed.legs?.first?.limitPrice == "110" && placed.legs?.last?.stopPrice == "95")

            sim.advance()
            let found = try #require(try await client.orderGroup(clientOrderId: entry))
            #expect(found.status == .filled && found.filledAvgPrice == "100")
            #expect(found.legs?.map(\.status) == [.new, .new])
            // Sent again (a restart that lost its answer): the same order comes back, no second one.
            let again = try await client.submitOrder(request)
            #expect(again.id == placed.id)
            #expect(sim.state().orders.count == 3)

            sim.advance()
            let closed = try #require(try await client.orderGroup(clientOrderId: entry))
            #expect(closed.legs?.map(\.status) == [.canceled, .filled])
            #expect(closed.legs?.last?.filledAvgPrice == "95")
            #expect(try await client.position(symbol: "TEST") == nil)
            #expect(try await client.orders(OrderQuery(status: .open, nested: true)).isEmpty)
        }
    }

    @Test func eachOrderTypeAndATrailingStopWithItsDerivedId() async throws {
        try await run { sim, client in
            _ = try await client.submitOrder(OrderRequest(symbol: "TEST", side: .buy, amount: .qty("10"), clientOrderId: "entry-1"))
            sim.advance()
            let stopLimit = try await client.submitOrder(OrderRequest(
                symbol: "TEST", side: .buy, amount: .qty("1"), kind: .stopLimit(stop: "110.5", limit: "111"), timeInForce: .gtc))
            #expect(stopLimit.type == .stopLimit && stopLimit.stopPrice == "110.5" && stopLimit.limitPrice == "111")
            let trailingID = ExitLeg.trailingStop.clientOrderId(parent: "entry-1")
            let trailing = try await client.submitOrder(OrderRequest(
                symbol: "TEST", side: .sell, amount: .qty("10"), kind: .trailingStop(.price("5")), timeInForce: .gtc,
                clientOrderId: trailingID))
            #expect(trailing.type == .trailingStop && trailing.trailPrice == "5" && trailing.hwm == "101")
            #expect(trailing.stopPrice == "96")
            sim.advance()
            // Bar 2: the stop-limit triggers at 110.5; the trailing stop (101 − 5) is reached by the low 94.
            let filledStopLimit = try #require(try await client.order(id: stopLimit.id))
            #expect(filledStopLimit.status == .filled && filledStopLimit.filledAvgPrice == "110.5")
            let filledTrailing = try #require(try await client.order(clientOrderId: trailingID))
            #expect(filledTrailing.status == .filled && filledTrailing.filledAvgPrice == "96")
        }
    }

    @Test func whatOnlyTheBrokerCanJudgeComesBackAsAlpacasError() async throws {
        try await run { _, client in
            // A market bracket's base price is the market price (100): a take profit at 100 is refused.
            let request = OrderRequest(symbol: "TEST", side: .buy, amount: .qty("1"), timeInForce: .gtc, orderClass: .bracket,
                                       takeProfit: TakeProfit(limitPrice: "100"), stopLoss: StopLoss(stopPrice: "90"))
            #expect(request.problem() == nil)
            await #expect {
                _ = try await client.submitOrder(request)
            } throws: { error in
                let error = error as! AlpacaError
                return error.status == 422 && error.message == "take_profit.limit_price must be >= base_price + 0.01"
            }
        }
    }
}
