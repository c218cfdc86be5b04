import Foundation
import Testing
@testable import Alpaca

/// `POST /v2/orders` is never blindly retried: every ambiguous failure is followed by a
/// look-up by client_order_id before anything is sent again (API.md §2.4).
@Suite struct OrderSubmissionTests {
    static let buyLimit = OrderRequest(symbol: "AAPL", side: .buy, amount: .qty("2"), kind: .limit(price: "150.25"),
                                       timeInForce: .gtc, clientOrderId: "algobot-sma-AAPL-20240603-r1")

    @Test func submitSendsTheDocumentedBody() async throws {
        try await Harness.run { h in
            let order = try await h.client.submitOrder(Self.buyLimit)
            #expect(order.clientOrderId == "algobot-sma-AAPL-20240603-r1")
            #expect(order.status == .accepted && order.limitPrice == "150.25")
            let post = try #require(h.server.requests("POST /v2/orders").first)
            #expect(post.headers["content-type"] == "application/json")
            #expect(post.headers["apca-api-secret-key"] == Harness.secret)
            let body = post.json
            #expect(body["symbol"] as? String == "AAPL")
            #expect(body["side"] as? String == "buy")
            #expect(body["type"] as? String == "limit")
            #expect(body["time_in_force"] as? String == "gtc")
            #expect(body["qty"] as? String == "2")
            #expect(body["limit_price"] as? String == "150.25")
            #expect(body["client_order_id"] as? String == "algobot-sma-AAPL-20240603-r1")
            #expect(body["notional"] == nil && body["extended_hours"] == nil)
            #expect(h.client.health.state == .healthy)
        }
    }

    @Test func notionalMarketOrderAndGeneratedClientId() throws {
        let request = OrderRequest(symbol: "SPY", side: .sell, amount: .notional("500.5"))
        #expect(request.clientOrderId.count == 36 && request.problem() == nil)
        let json = try JSONSerialization.jsonObject(with: AlpacaJSON.encoder().encode(request)) as! [String: Any]
        #expect(json["notional"] as? String == "500.5" && json["qty"] == nil)
        #expect(json["type"] as? String == "market" && json["time_in_force"] as? String == "day")
        #expect(json["client_order_id"] as? String == request.clientOrderId)
    }

    @Test func acceptedButResponseLostIsFoundByClientId() async throws {
        try await Harness.run { h in
            h.server.script("POST /v2/orders", [.acceptOrder(then: .drop)])
            let order = try await h.client.submitOrder(Self.buyLimit)
            #expect(order.clientOrderId == Self.buyLimit.clientOrderId)
            #expect(order.id == "00000000-0000-4000-8000-000000000001")
            #expect(h.server.requests("POST /v2/orders").count == 1)
            #expect(h.server.requests("GET /v2/orders:by_client_order_id").count == 1)
            #expect(h.server.requests("GET /v2/orders:by_client_order_id").first?.queryValue("client_order_id")
                == Self.buyLimit.clientOrderId)
            #expect(h.server.storedOrderCount == 1)
            #expect(h.clock.sleeps == [.milliseconds(100)])
            #expect(h.logs.lines.contains { $0.contains("had landed") })
        }
    }

    /// The answer to the POST comes after the client gave up on it (20 s against a 5 s request
    /// timeout); the look-up by client order id then has 5 s per attempt, room enough on a
    /// loaded machine, where the loopback server answers only when the test pool gets to it.
    @Test func acceptedButTooSlowIsFoundByClientId() async throws {
        try await Harness.run(timeouts: Timeouts(connect: .seconds(5), request: .seconds(5))) { h in
            h.server.script("POST /v2/orders", [.acceptOrder(then: .slow(.seconds(20), then: .normal))])
            let order = try await h.client.submitOrder(Self.buyLimit)
            #expect(order.clientOrderId == Self.buyLimit.clientOrderId)
            #expect(h.server.requests("POST /v2/orders").count == 1)
            #expect(h.server.storedOrderCount == 1)
        }
    }

    @Test func failureBeforeLandingIsResentWithTheSameClientId() async throws {
        try await Harness.run { h in
            h.server.script("POST /v2/orders", [.reply(503, #"{"message":"Service Unavailable"}"#), .drop])
            let order = try await h.client.submitOrder(Self.buyLimit)
            #expect(order.status == .accepted)
            let posts = h.server.requests("POST /v2/orders")
            #expect(posts.count == 3)
            #expect(Set(posts.map { $0.json["client_order_id"] as? String }) == [Self.buyLimit.clientOrderId])
            #expect(h.server.requests("GET /v2/orders:by_client_order_id").count == 2)
            #expect(h.server.storedOrderCount == 1)
            #expect(h.clock.sleeps == [.milliseconds(100), .milliseconds(200)])
            #expect(h.client.health.state == .degraded)
        }
    }

    @Test func duplicateOnResubmitReturnsTheExistingOrder() async throws {
        try await Harness.run { h in
            // Accepted, but the answer is a 500; the first look-up lags behind and says 404.
            h.server.script("POST /v2/orders", [.acceptOrder(then: .reply(500, #"{"message":"Internal Server Error"}"#))])
            h.server.script("GET /v2/orders:by_client_order_id", [.alpacaError("order_not_found")])
            let order = try await h.client.submitOrder(Self.buyLimit)
            #expect(order.clientOrderId == Self.buyLimit.clientOrderId)
            #expect(h.server.requests("POST /v2/orders").count == 2)
            #expect(h.server.requests("GET /v2/orders:by_client_order_id").count == 2)
            #expect(h.server.storedOrderCount == 1)
            #expect(h.logs.lines.contains { $0.contains("already exists") })
        }
    }

    @Test func duplicateOfADifferentOrderIsAnError() async throws {
        try await Harness.run { h in
            let other = OrderRequest(symbol: "MSFT", side: .sell, amount: .qty("1"),
                                     clientOrderId: Self.buyLimit.clientOrderId)
            _ = try await h.client.submitOrder(other)
            await #expect {
                _ = try await h.client.submitOrder(Self.buyLimit)
            } throws: { error in
                let error = error as! AlpacaError
                return error.isDuplicateClientOrderId && error.code == 40010001
                    && (error.note ?? "").contains("different order")
            }
            #expect(h.server.requests("POST /v2/orders").count == 2)
        }
    }

    @Test func validationErrorsAreNotRetried() async throws {
        try await Harness.run { h in
            h.server.setDefault("POST /v2/orders", .alpacaError("insufficient_buying_power"))
            await #expect {
                _ = try await h.client.submitOrder(Self.buyLimit)
            } throws: { error in
                let error = error as! AlpacaError
                return error.status == 403 && error.message == "insufficient buying power"
            }
            #expect(h.server.requests.map(\.route) == ["POST /v2/orders"])
            #expect(h.clock.sleeps.isEmpty)
        }
    }

    @Test func rateLimitedSubmitIsResentWithoutLookUp() async throws {
        try await Harness.run { h in
            h.server.script("POST /v2/orders", [.alpacaError("rate_limited", headers: ["Retry-After": "2"])])
            _ = try await h.client.submitOrder(Self.buyLimit)
            #expect(h.server.requests.map(\.route) == ["POST /v2/orders", "POST /v2/orders"])
            #expect(h.clock.sleeps == [.seconds(2)])
        }
    }

    @Test func exhaustedSubmitChecksOnceMoreAndSaysSo() async throws {
        try await Harness.run { h in
            h.server.setDefault("POST /v2/orders", .reply(503, #"{"message":"Service Unavailable"}"#))
            await #expect {
                _ = try await h.client.submitOrder(Self.buyLimit)
            } throws: { error in
                let error = error as! AlpacaError
                return error.status == 503 && error.attempts == 4
                    && (error.note ?? "").contains("was not placed")
            }
            #expect(h.server.requests("POST /v2/orders").count == 4)
            #expect(h.server.requests("GET /v2/orders:by_client_order_id").count == 4)
            #expect(h.client.health.state == .down)
        }
    }

    @Test func unreachableLookUpLeavesTheFateUnknown() async throws {
        try await Harness.run { h in
            h.server.script("POST /v2/orders", [.acceptOrder(then: .drop)])
            h.server.setDefault("GET /v2/orders:by_client_order_id", .reply(503, "{}"))
            await #expect {
                _ = try await h.client.submitOrder(Self.buyLimit)
            } throws: { error in
                let error = error as! AlpacaError
                return error.path == "/v2/orders:by_client_order_id" && (error.note ?? "").contains("unknown")
            }
            #expect(h.server.requests("POST /v2/orders").count == 1)
            #expect(h.client.health.state == .down)
        }
    }

    @Test func invalidRequestsNeverLeaveTheClient() async throws {
        try await Harness.run { h in
            let bad = [
                OrderRequest(symbol: "AAPL", side: .buy, amount: .notional("100"), kind: .limit(price: "1")),
                OrderRequest(symbol: "AAPL", side: .buy, amount: .qty("0")),
                OrderRequest(symbol: "", side: .buy, amount: .qty("1")),
                OrderRequest(symbol: "AAPL", side: .buy, amount: .qty("1"), clientOrderId: String(repeating: "x", count: 49)),
                OrderRequest(symbol: "AAPL", side: .buy, amount: .qty("1"), extendedHours: true),
            ]
            for request in bad {
                await #expect(throws: AlpacaError.self) { _ = try await h.client.submitOrder(request) }
            }
            #expect(h.server.requests.isEmpty)
        }
    }
}
