import Foundation
import Vocabulary

/// An answer before it becomes HTTP: status, JSON body (none for 204) and the route template
/// it matched (for request counts in `/sim/state`).
struct RouteResult {
    var status: Int
    var body: JSONValue?
    var route: String

    static func ok(_ body: JSONValue, _ route: String) -> RouteResult { RouteResult(status: 200, body: body, route: route) }
    static func error(_ error: APIError, _ route: String) -> RouteResult {
        RouteResult(status: error.status, body: error.body, route: route)
    }
    static func from(_ result: Result<JSONValue, APIError>, _ route: String) -> RouteResult {
        switch result {
        case .success(let body): return .ok(body, route)
        case .failure(let error): return .error(error, route)
        }
    }
}

/// Dispatches Alpaca paths to handlers. Runs with exclusive access to the exchange, so every
/// request sees and leaves a consistent state.
enum SimRouter {
    static func route(method: String, path: String, query: [String: String], body: JSONValue?,
                      exchange: inout SimExchange) -> RouteResult {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // parts[0] is "" (leading slash), parts[1] is "v2".
        guard parts.count >= 3, parts[0].isEmpty, parts[1] == "v2" else { return .error(.endpointNotFound, "unknown") }
        let rest = Array(parts.dropFirst(2))
        switch (method, rest.count, rest.first ?? "") {
        case ("GET", 1, "account"):
            return .ok(AccountView.json(exchange), "GET /v2/account")
        case ("GET", 1, "clock"):
            return .ok(MarketClock.clock(exchange.timeline, now: exchange.now), "GET /v2/clock")
        case ("GET", 1, "calendar"):
            return .from(MarketClock.calendar(exchange.timeline, start: query["start"], end: query["end"]), "GET /v2/calendar")
        case (_, 1, "orders"), (_, 2, "orders"), (_, 1, "orders:by_client_order_id"):
            return OrderRoutes.route(method: method, rest: rest, query: query, body: body, exchange: &exchange)
        case (_, 1, "positions"), (_, 2, "positions"):
            return PositionRoutes.route(method: method, rest: rest, query: query, exchange: &exchange)
        case ("GET", 2, "account") where rest[1] == "activities":
            return ActivityRoutes.list(types: query["activity_types"], query: query, exchange: exchange)
        case ("GET", 3, "account") where rest[1] == "activities":
            return ActivityRoutes.list(types: rest[2], query: query, exchange: exchange)
        case (_, _, "stocks"):
            return stocks(method: method, rest: rest, query: query, exchange: exchange)
        default:
            return .error(knownPath(rest) ? .methodNotAllowed : .endpointNotFound, "unknown")
        }
    }

    private static func stocks(method: String, rest: [String], query: [String: String], exchange: SimExchange) -> RouteResult {
        guard method == "GET" else { return .error(.methodNotAllowed, "unknown") }
        switch rest.count {
        case 2 where rest[1] == "bars":
            return .from(BarsEndpoint.multi(exchange, query: query), "GET /v2/stocks/bars")
        case 3 where rest[1] == "bars" && rest[2] == "latest":
            let symbols = Set((query["symbols"] ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty })
            guard !symbols.isEmpty else { return .error(.badRequest("missing symbols"), "GET /v2/stocks/bars/latest") }
            var bars: [String: JSONValue] = [:]
            for symbol in symbols { bars[symbol] = BarsEndpoint.latest(exchange, symbol: symbol)?.json }
            return .ok(.object(["bars": .object(bars)]), "GET /v2/stocks/bars/latest")
        case 3 where rest[2] == "bars":
            return .from(BarsEndpoint.single(exchange, symbol: rest[1], query: query), "GET /v2/stocks/{symbol}/bars")
        case 4 where rest[2] == "bars" && rest[3] == "latest":
            let route = "GET /v2/stocks/{symbol}/bars/latest"
            guard let bar = BarsEndpoint.latest(exchange, symbol: rest[1]) else {
                return .error(.coded(404, 40410000, "no bar found for \(rest[1])"), route)
            }
            return .ok(.object(["symbol": .string(rest[1]), "bar": bar.json]), route)
        default:
            return .error(.endpointNotFound, "unknown")
        }
    }

    private static func knownPath(_ rest: [String]) -> Bool {
        ["account", "clock", "calendar", "orders", "positions"].contains(rest.first ?? "") && rest.count <= 2
    }

    /// Splits `a=1&b=x%2Cy` into a dictionary; `+` stays a plus so RFC 3339 offsets survive.
    static func parseQuery(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
            let value = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
            result[key] = value
        }
        return result
    }
}
