import Foundation

/// Account, clock, calendar, positions and order look-ups/cancels. Submission lives in
/// `AlpacaClient+Submit.swift`, market data in `AlpacaClient+MarketData.swift`.
extension AlpacaClient {
    public func account() async throws -> Account {
        try await fetch(Account.self, RequestSpec(.GET, .trading, "/v2/account"))
    }

    public func clock() async throws -> MarketClock {
        try await fetch(MarketClock.self, RequestSpec(.GET, .trading, "/v2/clock"))
    }

    /// Trading days from `start` to `end` inclusive, as `YYYY-MM-DD`. Without bounds Alpaca
    /// returns every market day from 1970 to 2029, so pass both.
    public func calendar(start: String?, end: String?) async throws -> [CalendarDay] {
        var query: [(String, String)] = []
        if let start { query.append(("start", start)) }
        if let end { query.append(("end", end)) }
        return try await fetch([CalendarDay].self, RequestSpec(.GET, .trading, "/v2/calendar", query: query))
    }

    public func positions() async throws -> [Position] {
        try await fetch([Position].self, RequestSpec(.GET, .trading, "/v2/positions"))
    }

    /// The open position in `symbol`, or nil when there is none (Alpaca answers 404).
    public func position(symbol: String) async throws -> Position? {
        try await fetchIfPresent(
            Position.self, RequestSpec(.GET, .trading, "/v2/positions/" + RequestSpec.pathSegment(symbol)))
    }

    /// The order with Alpaca id `id`, or nil when Alpaca does not know it (404). With `nested`,
    /// a bracket, OTO or OCO order comes with its exit orders in `legs`.
    public func order(id: String, nested: Bool = false) async throws -> Order? {
        let query = nested ? [("nested", "true")] : []
        return try await fetchIfPresent(
            Order.self, RequestSpec(.GET, .trading, "/v2/orders/" + RequestSpec.pathSegment(id), query: query))
    }

    /// The order we submitted with `clientOrderId` and the legs Alpaca placed for it (their
    /// ids are Alpaca's own: `ExitLeg`), or nil when it never reached Alpaca. How a restart
    /// finds the exits of a bracket instead of placing them again.
    public func orderGroup(clientOrderId: String) async throws -> Order? {
        guard let parent = try await order(clientOrderId: clientOrderId) else { return nil }
        if parent.orderClass?.hasExitLegs != true || parent.legs != nil { return parent }
        return try await order(id: parent.id, nested: true) ?? parent
    }

    /// The order we submitted with `clientOrderId`, or nil when it never reached Alpaca (404).
    public func order(clientOrderId: String) async throws -> Order? {
        try await fetchIfPresent(Order.self, Self.byClientOrderIdSpec(clientOrderId))
    }

    static func byClientOrderIdSpec(_ clientOrderId: String) -> RequestSpec {
        RequestSpec(.GET, .trading, "/v2/orders:by_client_order_id", query: [("client_order_id", clientOrderId)])
    }

    /// `GET /v2/orders`: open orders by default, newest first, at most 500 per call.
    public func orders(_ query: OrderQuery = OrderQuery()) async throws -> [Order] {
        try await fetch([Order].self, RequestSpec(.GET, .trading, "/v2/orders", query: query.queryItems))
    }

    /// Asks Alpaca to cancel one order (204). Cancellation is asynchronous at Alpaca: the
    /// order moves through `pending_cancel`; a 422 means it is no longer cancelable.
    public func cancelOrder(id: String) async throws {
        _ = try await executor.send(RequestSpec(.DELETE, .trading, "/v2/orders/" + RequestSpec.pathSegment(id)))
    }

    /// Cancels every open order; Alpaca answers 207 with one status per order.
    public func cancelAllOrders() async throws -> [CancelResult] {
        let spec = RequestSpec(.DELETE, .trading, "/v2/orders")
        let response = try await executor.send(spec)
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) { return [] }
        return try executor.decode([CancelResult].self, from: response, spec: spec)
    }
}
