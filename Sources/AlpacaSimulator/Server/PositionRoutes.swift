import Foundation
import Vocabulary

/// `/v2/positions` and `/v2/positions/{symbol}`: list, one, close one, close all.
enum PositionRoutes {
    static func route(method: String, rest: [String], query: [String: String], exchange: inout SimExchange) -> RouteResult {
        if rest.count == 1 {
            switch method {
            case "GET":
                return .ok(.array(exchange.sortedPositions.map { exchange.positionJSON($0) }), "GET /v2/positions")
            case "DELETE":
                return closeAll(cancelOrders: query["cancel_orders"] == "true", exchange: &exchange)
            default:
                return .error(.methodNotAllowed, "unknown")
            }
        }
        let symbol = rest[1]
        let route = "\(method) /v2/positions/{symbol}"
        switch method {
        case "GET":
            guard let position = exchange.positions[symbol] else { return .error(.positionNotFound, route) }
            return .ok(exchange.positionJSON(position), route)
        case "DELETE":
            return .from(close(symbol: symbol, query: query, exchange: &exchange).map(\.json), route)
        default:
            return .error(.methodNotAllowed, route)
        }
    }

    /// Sends the market order that closes all of a position, or `qty` shares, or `percentage` of it.
    static func close(symbol: String, query: [String: String], exchange: inout SimExchange) -> Result<SimOrder, APIError> {
        guard let position = exchange.positions[symbol] else { return .failure(.positionNotFound) }
        var qty = abs(position.qty)
        switch (query["qty"], query["percentage"]) {
        case (.some, .some):
            return .failure(.invalid("only one of qty or percentage is accepted"))
        case (let text?, nil):
            guard let value = DecimalText.parse(text), value > 0 else { return .failure(.invalid("invalid qty")) }
            qty = value
        case (nil, let text?):
            guard let value = DecimalText.parse(text), value > 0, value <= 100 else {
                return .failure(.invalid("invalid percentage"))
            }
            qty = DecimalText.rounded(qty * value / 100, scale: 9, mode: .down)
        case (nil, nil):
            break
        }
        let request = OrderRequest(symbol: symbol, side: position.qty > 0 ? .sell : .buy, kind: .market,
                                   timeInForce: "day", qty: qty, notional: nil, limitPrice: nil,
                                   extendedHours: false, clientOrderID: nil)
        return exchange.submit(request)
    }

    static func closeAll(cancelOrders: Bool, exchange: inout SimExchange) -> RouteResult {
        if cancelOrders { _ = exchange.cancelAll() }
        let results: [JSONValue] = exchange.sortedPositions.map { position in
            switch close(symbol: position.symbol, query: [:], exchange: &exchange) {
            case .success(let order):
                return .object(["symbol": .string(position.symbol), "status": .int(200), "body": order.json])
            case .failure(let error):
                return .object(["symbol": .string(position.symbol), "status": .int(Int64(error.status)), "body": error.body])
            }
        }
        return RouteResult(status: 207, body: .array(results), route: "DELETE /v2/positions")
    }
}
