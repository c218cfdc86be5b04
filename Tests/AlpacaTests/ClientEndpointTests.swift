import Foundation
import Testing
@testable import Alpaca

/// Paths, query items, headers and decoding of every endpoint, against the scripted server.
@Suite struct ClientEndpointTests {
    @Test func accountSendsBothAuthHeaders() async throws {
        try await Harness.run { h in
            h.server.setDefault("GET /v2/account", .fixture("account.json"))
            let account = try await h.client.account()
            #expect(account.accountNumber == "PALPACA_123")
            let request = try #require(h.server.requests.first)
            #expect(request.route == "GET /v2/account")
            #expect(request.headers["apca-api-key-id"] == Harness.keyID)
            #expect(request.headers["apca-api-secret-key"] == Harness.secret)
            #expect(request.headers["accept"] == "application/json")
            #expect(request.headers["authorization"] == nil)
            #expect(h.client.health.state == .healthy)
        }
    }

    @Test func clockCalendarAndPositions() async throws {
        try await Harness.run { h in
            h.server.setDefault("GET /v2/clock", .fixture("clock.json"))
            h.server.setDefault("GET /v2/calendar", .fixture("calendar.json"))
            h.server.setDefault("GET /v2/positions", .fixture("positions.json"))
            h.server.setDefault("GET /v2/positions/AAPL", .fixture("position.json"))
            h.server.setDefault("GET /v2/positions/MSFT", .alpacaError("position_not_found"))

            #expect(try await h.client.clock().isOpen)
            #expect(try await h.client.calendar(start: "2025-01-02", end: "2025-01-03").count == 1)
            let calendarRequest = try #require(h.server.requests("GET /v2/calendar").first)
            #expect(calendarRequest.query.map { "\($0.0)=\($0.1)" } == ["start=2025-01-02", "end=2025-01-03"])
            #expect(try await h.client.positions().map(\.symbol).count == 2)
            #expect(try await h.client.position(symbol: "AAPL")?.avgEntryPrice == "174.78")
            #expect(try await h.client.position(symbol: "MSFT") == nil)
            #expect(h.server.requests("GET /v2/positions/MSFT").count == 1)  // 404 is an answer, not retried
            #expect(h.clock.sleeps.isEmpty)
        }
    }

    @Test func orderLookupsAndListing() async throws {
        try await Harness.run { h in
            let id = "7b08df51-c1ac-453c-99f9-323a5f075f0d"
            h.server.setDefault("GET /v2/orders/\(id)", .fixture("order_limit_gtc_accepted.json"))
            h.server.setDefault("GET /v2/orders/unknown", .alpacaError("order_not_found"))
            h.server.setDefault("GET /v2/orders", .reply(200, "[\(try Fixtures.text("order_limit_gtc_accepted.json"))]"))

            #expect(try await h.client.order(id: id)?.id == id)
            #expect(try await h.client.order(id: "unknown") == nil)
            #expect(try await h.client.order(clientOrderId: "never-sent") == nil)
            let byClient = try #require(h.server.requests("GET /v2/orders:by_client_order_id").first)
            #expect(byClient.queryValue("client_order_id") == "never-sent")

            let after = try #require(RFC3339.parse("2024-06-03T13:30:00Z"))
            let until = try #require(RFC3339.parse("2024-06-04T20:00:00Z"))
            let orders = try await h.client.orders(OrderQuery(status: .all, limit: 900, after: after, until: until,
                                                              direction: .asc, symbols: ["AAPL", "SPY"], nested: false))
            #expect(orders.map(\.symbol) == ["AAPL"])
            let list = try #require(h.server.requests("GET /v2/orders").first)
            #expect(list.query.map { "\($0.0)=\($0.1)" } == [
                "status=all", "limit=500", "after=2024-06-03T13:30:00Z", "until=2024-06-04T20:00:00Z",
                "direction=asc", "symbols=AAPL,SPY", "nested=false",
            ])
            _ = try await h.client.orders()
            #expect(h.server.requests("GET /v2/orders").last?.query.map(\.0) == ["status"])
        }
    }

    @Test func cancelOneAndAll() async throws {
        try await Harness.run { h in
            h.server.setDefault("DELETE /v2/orders/abc", .reply(204, ""))
            h.server.setDefault("DELETE /v2/orders/filled1", .alpacaError("order_not_cancelable"))
            h.server.setDefault("DELETE /v2/orders", .fixture("cancel_all_orders_207.json", status: 207))

            try await h.client.cancelOrder(id: "abc")
            await #expect {
                try await h.client.cancelOrder(id: "filled1")
            } throws: { error in
                let error = error as! AlpacaError
                return error.status == 422 && error.code == 42210000 && error.method == "DELETE"
                    && error.path == "/v2/orders/filled1" && error.message == "order is already in \"filled\" state"
            }
            #expect(h.server.requests("DELETE /v2/orders/filled1").count == 1)
            let results = try await h.client.cancelAllOrders()
            #expect(results.map(\.id) == ["497f6eca-6276-4993-bfeb-53cbbbba6f08", "72249bb6-6c89-4ea7-b8cf-73f1a140812b"])
            #expect(results[1].body?.code == 40410000)
        }
    }

    @Test func latestBarsAndDataHeaders() async throws {
        try await Harness.run { h in
            h.server.setDefault("GET /v2/stocks/bars/latest", .fixture("bars_latest_multi.json"))
            let latest = try await h.client.latestBars(symbols: ["AAPL", "TSLA"], feed: "iex")
            #expect(latest["TSLA"]?.close == 914.3)
            #expect(latest["AAPL"]?.time == RFC3339.parse("2022-08-17T08:58:00Z"))
            let request = try #require(h.server.requests.first)
            #expect(request.queryValue("symbols") == "AAPL,TSLA")
            #expect(request.queryValue("feed") == "iex")
            #expect(request.headers["apca-api-key-id"] == Harness.keyID)
            #expect(request.headers["apca-api-secret-key"] == Harness.secret)
        }
    }

    @Test func malformedSuccessBodyIsAnInvalidResponse() async throws {
        try await Harness.run { h in
            h.server.setDefault("GET /v2/account", .reply(200, #"{"id": "x", "status": "ACTIVE", "cash": 5}"#))
            await #expect {
                _ = try await h.client.account()
            } throws: { error in
                guard let error = error as? AlpacaError, case .invalidResponse(let detail) = error.kind else {
                    return false
                }
                return detail.contains("equity") && !error.isRetryable
            }
            #expect(h.server.requests.count == 1)
        }
    }
}
