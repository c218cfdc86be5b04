import Foundation
import Vocabulary

/// An error answer with Alpaca's status and body (see shared/alpaca/fixtures/errors.json).
struct APIError: Error, Equatable {
    let status: Int
    let body: JSONValue

    static func coded(_ status: Int, _ code: Int64, _ message: String, extra: [String: JSONValue] = [:]) -> APIError {
        var fields = extra
        fields["code"] = .int(code)
        fields["message"] = .string(message)
        return APIError(status: status, body: .object(fields))
    }

    /// 422 with Alpaca's generic validation code.
    static func invalid(_ message: String) -> APIError { coded(422, 40010001, message) }

    /// 400 for a bad query parameter; Alpaca's data API sends only a message.
    static func badRequest(_ message: String) -> APIError {
        APIError(status: 400, body: .object(["message": .string(message)]))
    }

    static let unauthorized = coded(401, 40110000, "request is not authorized")
    static let dataUnauthorized = coded(401, 40110000, "access key verification failed : access key not found (Code = 40110000)")
    static let rateLimited = coded(429, 42910000, "rate limit exceeded")
    static let insufficientBuyingPower = coded(403, 40310000, "insufficient buying power")
    static let notAllowedToShort = coded(403, 40310000, "account is not allowed to short")
    static let orderNotFound = coded(404, 40410000, "order not found")
    static let positionNotFound = coded(404, 40410000, "position does not exist")
    static let malformedOrderID = invalid("order_id is missing")
    static let duplicateClientOrderID = invalid("client_order_id must be unique")
    static let qtyOrNotionalRequired = invalid("qty or notional is required")
    static let qtyAndNotional = invalid("only one of qty or notional is accepted")
    static let badBody = coded(400, 40010000, "request body format is invalid")
    static let endpointNotFound = APIError(status: 404, body: .object(["message": .string("endpoint not found")]))
    static let methodNotAllowed = APIError(status: 405, body: .object(["message": .string("method not allowed")]))

    /// Alpaca's words for a price finer than its tick (alpaca-trade-api-go#260, -csharp#497).
    static func subPenny(_ name: String, _ price: Decimal) -> APIError {
        coded(422, 42210000, "invalid \(name) \(DecimalText.text(price)). sub-penny increment does not fulfill minimum pricing criteria")
    }

    /// An exit leg on the wrong side of its base price (the entry's limit price, else the
    /// market price), in Alpaca's words ("take_profit.limit_price must be >= base_price + 0.01").
    static func basePrice(_ leg: String, _ relation: String) -> APIError {
        coded(422, 42210000, "\(leg) must be \(relation) base_price \(relation == ">=" ? "+" : "-") 0.01")
    }

    static func notCancelable(status: String) -> APIError {
        coded(422, 42210000, "order is already in \"\(status)\" state")
    }

    static func insufficientQty(requested: Decimal, available: Decimal, existing: Decimal, held: Decimal, symbol: String) -> APIError {
        coded(403, 40310000,
              "insufficient qty available for order (requested: \(DecimalText.text(requested)), available: \(DecimalText.text(available)))",
              extra: ["available": .decimal(available), "existing_qty": .decimal(existing),
                      "held_for_orders": .decimal(held), "symbol": .string(symbol)])
    }

    /// 5xx answers carry the spec's `ErrorResponse` shape: a message only.
    static func server(_ status: Int) -> APIError {
        APIError(status: status, body: .object(["message": .string(reasonPhrase(status))]))
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Server Error"
        }
    }
}
