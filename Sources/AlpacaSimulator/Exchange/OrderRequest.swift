import Foundation
import Vocabulary

/// A validated `POST /v2/orders` body. Validation follows Alpaca's rules and messages; what the
/// simulator does not model (stop, trailing and bracket orders) is refused with a 422 that says so.
struct OrderRequest: Sendable {
    let symbol: String
    let side: SimOrder.Side
    let kind: SimOrder.Kind
    let timeInForce: String
    let qty: Decimal?
    let notional: Decimal?
    let limitPrice: Decimal?
    let extendedHours: Bool
    let clientOrderID: String?

    static let timesInForce: Set<String> = ["day", "gtc", "opg", "cls", "ioc", "fok"]
    static let maxClientOrderIDLength = 128

    static func parse(_ body: JSONValue?, knownSymbols: Set<String>) -> Result<OrderRequest, APIError> {
        guard let f = body, case .object = f else { return .failure(.badBody) }
        guard let symbol = f["symbol"]?.stringValue, !symbol.isEmpty else { return .failure(.invalid("symbol is required")) }
        guard let sideText = f["side"]?.stringValue else { return .failure(.invalid("side is required")) }
        guard let side = SimOrder.Side(rawValue: sideText) else { return .failure(.invalid("invalid side: \(sideText)")) }
        guard let typeText = f["type"]?.stringValue else { return .failure(.invalid("type is required")) }
        guard let kind = SimOrder.Kind(rawValue: typeText) else {
            if ["stop", "stop_limit", "trailing_stop"].contains(typeText) {
                return .failure(.invalid("order type \"\(typeText)\" is not supported by the simulator; use market or limit"))
            }
            return .failure(.invalid("invalid order type: \(typeText)"))
        }
        guard let tif = f["time_in_force"]?.stringValue else { return .failure(.invalid("time_in_force is required")) }
        guard timesInForce.contains(tif) else { return .failure(.invalid("invalid time_in_force: \(tif)")) }
        if let orderClass = f["order_class"]?.stringValue, !["", "simple"].contains(orderClass) {
            return .failure(.invalid("order_class \"\(orderClass)\" is not supported by the simulator; send simple orders"))
        }

        let qtyValue = f["qty"].flatMap { $0 == .null ? nil : $0 }
        let notionalValue = f["notional"].flatMap { $0 == .null ? nil : $0 }
        switch (qtyValue, notionalValue) {
        case (nil, nil): return .failure(.qtyOrNotionalRequired)
        case (.some, .some): return .failure(.qtyAndNotional)
        default: break
        }
        var qty: Decimal?
        var notional: Decimal?
        if let qtyValue {
            guard let value = DecimalText.parse(qtyValue) else { return .failure(.invalid("invalid qty")) }
            guard value > 0 else { return .failure(.invalid("qty must be > 0")) }
            guard DecimalText.scale(of: value) <= 9 else { return .failure(.invalid("qty must have at most 9 decimal places")) }
            qty = value
        }
        if let notionalValue {
            guard let value = DecimalText.parse(notionalValue) else { return .failure(.invalid("invalid notional")) }
            guard value > 0 else { return .failure(.invalid("notional must be > 0")) }
            guard DecimalText.scale(of: value) <= 2 else { return .failure(.invalid("notional must have at most 2 decimal places")) }
            guard kind == .market else { return .failure(.invalid("notional orders must be market orders")) }
            notional = value
        }
        let fractional = notional != nil || (qty.map { $0 != DecimalText.rounded($0, scale: 0, mode: .down) } ?? false)
        if fractional && tif != "day" { return .failure(.invalid("fractional orders must be DAY orders")) }

        var limitPrice: Decimal?
        let limitValue = f["limit_price"].flatMap { $0 == .null ? nil : $0 }
        switch kind {
        case .limit:
            guard let limitValue else { return .failure(.invalid("limit_price is required for limit orders")) }
            guard let value = DecimalText.parse(limitValue), value > 0 else { return .failure(.invalid("invalid limit_price")) }
            limitPrice = value
        case .market:
            if limitValue != nil { return .failure(.invalid("limit_price is not allowed for market orders")) }
        }

        var extendedHours = false
        if case .bool(let flag)? = f["extended_hours"] { extendedHours = flag }
        if extendedHours && !(kind == .limit && (tif == "day" || tif == "gtc")) {
            return .failure(.invalid("extended hours orders must be limit orders with time_in_force day or gtc"))
        }

        var clientOrderID: String?
        if let value = f["client_order_id"], value != .null {
            guard let text = value.stringValue else { return .failure(.invalid("client_order_id must be a string")) }
            guard text.count <= maxClientOrderIDLength else {
                return .failure(.invalid("client_order_id must be no more than \(maxClientOrderIDLength) characters"))
            }
            if !text.isEmpty { clientOrderID = text }
        }
        guard knownSymbols.contains(symbol) else { return .failure(.invalid("asset \"\(symbol)\" not found")) }

        return .success(OrderRequest(symbol: symbol, side: side, kind: kind, timeInForce: tif, qty: qty, notional: notional,
                                     limitPrice: limitPrice, extendedHours: extendedHours, clientOrderID: clientOrderID))
    }
}
