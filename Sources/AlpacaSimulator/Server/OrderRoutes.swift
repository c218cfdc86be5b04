import Foundation
import Vocabulary

/// `/v2/orders`, `/v2/orders/{id}` and `/v2/orders:by_client_order_id`.
enum OrderRoutes {
    static func route(method: String, rest: [String], query: [String: String], body: JSONValue?,
                      exchange: inout SimExchange) -> RouteResult {
        if rest[0] == "orders:by_client_order_id" {
            let route = "GET /v2/orders:by_client_order_id"
            guard method == "GET" else { return .error(.methodNotAllowed, route) }
            guard let clientID = query["client_order_id"], !clientID.isEmpty else {
                return .error(.invalid("client_order_id is missing"), route)
            }
            guard let order = exchange.order(clientOrderID: clientID) else { return .error(.orderNotFound, route) }
            return .ok(exchange.json(of: order, nested: isTrue(query["nested"])), route)
        }
        if rest.count == 1 {
            switch method {
            case "POST":
                let route = "POST /v2/orders"
                let known = Set(exchange.timeline.seriesIndex.keys)
                switch OrderRequest.parse(body, knownSymbols: known).flatMap({ exchange.submit($0) }) {
                // Alpaca answers a bracket, OTO or OCO submission with its legs.
                case .success(let order): return .ok(exchange.json(of: order, nested: true), route)
                case .failure(let error): return .error(error, route)
                }
            case "GET":
                return .from(list(exchange, query: query), "GET /v2/orders")
            case "DELETE":
                let results = exchange.cancelAll().map { JSONValue.object(["id": .string($0.id), "status": .int($0.status)]) }
                return RouteResult(status: 207, body: .array(results), route: "DELETE /v2/orders")
            default:
                return .error(.methodNotAllowed, "unknown")
            }
        }
        let id = rest[1]
        let route = "\(method) /v2/orders/{id}"
        guard SeededGenerator.isUUID(id) else { return .error(.malformedOrderID, route) }
        switch method {
        case "GET":
            guard let order = exchange.order(id: id.lowercased()) else { return .error(.orderNotFound, route) }
            return .ok(exchange.json(of: order, nested: isTrue(query["nested"])), route)
        case "DELETE":
            switch exchange.cancel(id: id.lowercased()) {
            case .success: return RouteResult(status: 204, body: nil, route: route)
            case .failure(let error): return .error(error, route)
            }
        default:
            return .error(.methodNotAllowed, route)
        }
    }

    /// `GET /v2/orders`: `status` open|closed|all, `limit` ≤ 500, `after`/`until` (exclusive, on
    /// submission time), `direction`, `symbols`, `side`, `nested`. Every leg is an order of its
    /// own in the list; with `nested=true` legs appear only under their parent, and a group is
    /// open while any of its orders is.
    static func list(_ exchange: SimExchange, query: [String: String]) -> Result<JSONValue, APIError> {
        let status = query["status"] ?? "open"
        guard ["open", "closed", "all"].contains(status) else { return .failure(.invalid("invalid status: \(status)")) }
        var limit = 50
        if let text = query["limit"] {
            guard let value = Int(text), value > 0 else { return .failure(.invalid("invalid limit: \(text)")) }
            limit = min(value, 500)
        }
        let direction = query["direction"] ?? "desc"
        guard ["asc", "desc"].contains(direction) else { return .failure(.invalid("invalid direction: \(direction)")) }
        var after: Micros?
        var until: Micros?
        if let text = query["after"] {
            guard let value = TimeText.parse(text) else { return .failure(.invalid("invalid after: \(text)")) }
            after = value
        }
        if let text = query["until"] {
            guard let value = TimeText.parse(text) else { return .failure(.invalid("invalid until: \(text)")) }
            until = value
        }
        let symbols = query["symbols"].map { Set($0.split(separator: ",").map(String.init)) }
        let side = query["side"]
        if let side, !["buy", "sell"].contains(side) { return .failure(.invalid("invalid side: \(side)")) }

        let nested = isTrue(query["nested"])
        var selected = exchange.orders.filter { order in
            if nested && order.parent != nil { return false }
            let isOpen = order.isOpen || (nested && order.legs.contains { exchange.orders[$0].isOpen })
            switch status {
            case "open": if !isOpen { return false }
            case "closed": if isOpen { return false }
            default: break
            }
            if let after, order.submittedAt <= after { return false }
            if let until, order.submittedAt >= until { return false }
            if let symbols, !symbols.contains(order.symbol) { return false }
            if let side, order.side.rawValue != side { return false }
            return true
        }
        if direction == "desc" { selected.reverse() }
        return .success(.array(selected.prefix(limit).map { exchange.json(of: $0, nested: nested) }))
    }

    /// A boolean query parameter as Alpaca's Go server reads one (`strconv.ParseBool`):
    /// alpaca-py sends Python's `True`, curl users `true` or `1`.
    static func isTrue(_ text: String?) -> Bool {
        ["1", "t", "T", "true", "TRUE", "True"].contains(text ?? "")
    }
}
